// The native provider's own settings: the inputs of its provider resource, i.e. the stack config
// `webex-wholesale:<key>` for the default provider or an explicit provider's arguments. They are
// validated by the same rules as the dynamic flavour's (config.ts), with the environment as
// fallback, and handed to the shared engine in the same shape (fully-qualified keys).
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { CONFIG_NAMESPACE, CONFIG_VARIABLES, ConfigError, settingsFromConfig } from "../config";
import type { CheckFailure } from "../lifecycle/check";
import { deepEqual } from "../lifecycle/diff";
import type { ConfigAccessor } from "../lifecycle/engine";
import { containsUnknown } from "../lifecycle/unknowns";

/** Provider inputs as the engine sends them: strings from stack config, secrets wrapped. */
export type ProviderInputs = Record<string, unknown>;

const SECRET_KEYS: ReadonlySet<string> = new Set(CONFIG_VARIABLES.filter((v) => v.secret).map((v) => v.key));

function isSecret(v: unknown): v is { value: unknown } {
  return !!v && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** The inputs with secret wrappers removed (top level: every setting is a scalar). */
export function reveal(inputs: ProviderInputs): ProviderInputs {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, isSecret(v) ? v.value : v]));
}

/** Stack-config view of the inputs: `webex-wholesale:baseUrl` → its value as text. */
export function configAccessor(inputs: ProviderInputs): ConfigAccessor {
  const plain = reveal(inputs);
  const prefix = `${CONFIG_NAMESPACE}:`;
  return {
    get(key: string) {
      const v = key.startsWith(prefix) ? plain[key.slice(prefix.length)] : undefined;
      return v === undefined || v === null ? undefined : String(v);
    },
  };
}

/**
 * CheckConfig: the settings must resolve (with the environment as fallback) exactly as the
 * dynamic flavour resolves them. Secret settings (the token) are returned wrapped as secrets even
 * when set in plain text, so the provider's state only ever holds them encrypted.
 */
export function checkProviderConfig(news: ProviderInputs): { inputs: ProviderInputs; failures: CheckFailure[] } {
  const inputs = Object.fromEntries(Object.entries(news).map(([k, v]) =>
    [k, SECRET_KEYS.has(k) && !isSecret(v) && v !== undefined ? { [specialSigKey]: specialSecretSig, value: v } : v]));
  // An explicit provider's setting may be another resource's output, unknown until apply.
  if (containsUnknown(reveal(news))) return { inputs, failures: [] };
  const failures: CheckFailure[] = [];
  try {
    const config = configAccessor(news);
    settingsFromConfig((key) => config.get(key));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    failures.push({ property: e.key, reason: e.message });
  }
  return { inputs, failures };
}

/** DiffConfig: the settings that changed. None forces replacement: resources keep their ids. */
export function changedProviderConfig(olds: ProviderInputs, news: ProviderInputs): string[] {
  const before = reveal(olds);
  const after = reveal(news);
  const keys = CONFIG_VARIABLES.map((v) => v.key);
  return keys.filter((k) => containsUnknown(after[k]) || !deepEqual(before[k], after[k]));
}
