// Provider configuration: declared once (key, env var, description), read at run time inside the
// hooks from stack config (`webex-wholesale:<key>`) or the environment. Never captured in state.
// From the module itself, so the public .d.ts does not reach the client (and zod).
import { DEFAULT_SETTINGS, insecureUrlProblem, resolveSettings, type ResolvedSettings } from "./client/settings";

/** Stack-config namespace of the provider. */
export const CONFIG_NAMESPACE = "webex-wholesale";

/** One configuration variable. */
export interface ConfigVariable {
  key: string;
  env: string;
  type: "string" | "integer" | "number" | "boolean";
  description: string;
  secret?: boolean;
  default?: number | boolean;
}

/** Every configuration variable, in README order. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { key: "baseUrl", env: "WEBEX_WHOLESALE_BASE_URL", type: "string", description: "Base URL of the Webex API, e.g. https://webexapis.com/v1 or the emulator's http://127.0.0.1:8787/v1." },
  { key: "token", env: "WEBEX_WHOLESALE_TOKEN", type: "string", secret: true, description: "Partner administrator's bearer token (set it with --secret)." },
  { key: "maxConcurrency", env: "WEBEX_WHOLESALE_MAX_CONCURRENCY", type: "integer", default: DEFAULT_SETTINGS.maxConcurrency, description: "Most API requests in flight at once, across all resources." },
  { key: "requestsPerSecond", env: "WEBEX_WHOLESALE_REQUESTS_PER_SECOND", type: "number", default: DEFAULT_SETTINGS.requestsPerSecond, description: "Client-side request rate limit (0 = off)." },
  { key: "maxRetries", env: "WEBEX_WHOLESALE_MAX_RETRIES", type: "integer", default: DEFAULT_SETTINGS.maxRetries, description: "Retries of a throttled or failed request before giving up." },
  { key: "requestTimeoutSeconds", env: "WEBEX_WHOLESALE_REQUEST_TIMEOUT_SECONDS", type: "number", default: DEFAULT_SETTINGS.requestTimeoutMs / 1000, description: "Timeout of one HTTP request." },
  { key: "provisioningTimeoutSeconds", env: "WEBEX_WHOLESALE_PROVISIONING_TIMEOUT_SECONDS", type: "number", default: DEFAULT_SETTINGS.provisioningTimeoutMs / 1000, description: "How long to wait for asynchronous provisioning." },
  { key: "visibilityLagSeconds", env: "WEBEX_WHOLESALE_VISIBILITY_LAG_SECONDS", type: "number", default: DEFAULT_SETTINGS.visibilityLagMs / 1000, description: "How long a new object may stay invisible to look-ups; a create whose response was lost is sent again only if a look-up this long after it finds nothing." },
  { key: "insecure", env: "WEBEX_WHOLESALE_INSECURE", type: "boolean", default: DEFAULT_SETTINGS.insecure, description: "Allow plain http:// to a host other than loopback (the token travels in cleartext)." },
];

/** Fully-qualified stack-config keys the provider reads in `configure`. */
export const CONFIG_KEYS: readonly string[] = CONFIG_VARIABLES.map((v) => `${CONFIG_NAMESPACE}:${v.key}`);

/** A configuration error, naming the key and how to set it. */
export class ConfigError extends Error {
  /** The offending key (without the namespace), so a check can point at it. */
  readonly key: string;
  constructor(key: string, message: string) {
    super(message);
    this.key = key;
  }
}

/**
 * The client's settings from stack config first, then the environment, then defaults; each bad or
 * missing value is a ConfigError naming its key. Normalisation is the client's (resolveSettings).
 */
export function settingsFromConfig(config: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  const raw = (v: ConfigVariable) => {
    const val = config(`${CONFIG_NAMESPACE}:${v.key}`) ?? env[v.env];
    return val === undefined || val === "" ? undefined : val;
  };
  const num = (v: ConfigVariable): number => {
    const s = raw(v);
    if (s === undefined) return v.default as number;
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0 || (v.type === "integer" && !Number.isInteger(n))) {
      throw new ConfigError(v.key, `${CONFIG_NAMESPACE}:${v.key} (or ${v.env}) must be a non-negative ${v.type}, got ${JSON.stringify(s)}`);
    }
    return n;
  };
  const byKey = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.key, v])) as Record<string, ConfigVariable>;
  const need = (key: string, example: string) => {
    const v = byKey[key]!;
    const s = raw(v);
    if (!s) {
      throw new ConfigError(key, `${CONFIG_NAMESPACE}:${key} is not set: run \`pulumi config set ${v.secret ? "--secret " : ""}${CONFIG_NAMESPACE}:${key} ${example}\` or set ${v.env}`);
    }
    return s;
  };
  const flag = (v: ConfigVariable): boolean => {
    const s = raw(v)?.trim().toLowerCase();
    if (s === undefined) return v.default === true;
    if (s === "true" || s === "false") return s === "true";
    throw new ConfigError(v.key, `${CONFIG_NAMESPACE}:${v.key} (or ${v.env}) must be true or false, got ${JSON.stringify(raw(v))}`);
  };
  const baseUrl = need("baseUrl", "https://webexapis.com/v1");
  const insecure = flag(byKey.insecure!);
  let problem: string | undefined;
  try {
    problem = /^https?:\/\//.test(baseUrl) ? insecureUrlProblem(baseUrl, insecure) : undefined;
  } catch {
    // Malformed: reported below as resolveSettings refuses it.
  }
  if (problem) throw new ConfigError("baseUrl", problem);
  const settings = {
    ...DEFAULT_SETTINGS,
    baseUrl,
    token: need("token", "<token>"),
    maxConcurrency: num(byKey.maxConcurrency!),
    requestsPerSecond: num(byKey.requestsPerSecond!),
    maxRetries: num(byKey.maxRetries!),
    requestTimeoutMs: num(byKey.requestTimeoutSeconds!) * 1000,
    provisioningTimeoutMs: num(byKey.provisioningTimeoutSeconds!) * 1000,
    visibilityLagMs: num(byKey.visibilityLagSeconds!) * 1000,
    insecure,
  };
  try {
    return resolveSettings(settings);
  } catch {
    // The only refusal left is the base URL's (malformed, or not http(s)).
    throw new ConfigError("baseUrl", `${CONFIG_NAMESPACE}:baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
}
