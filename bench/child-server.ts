// A server in a child process (so the load generator does not share its event loop), started on
// 127.0.0.1 port 0; its URL is read from the "listening on http://…" line it prints.
import { spawn, type ChildProcess } from "node:child_process";

/** A running child server. */
export interface ChildServer {
  /** http://127.0.0.1:port */
  url: string;
  /** Its process id (to read its CPU time). */
  pid: number;
  /** Stop it (SIGTERM, then SIGKILL after 5 s) and wait for its exit. */
  stop(): Promise<void>;
}

/** Spawn `node args…` and wait (up to `timeoutMs`) for its listening line. */
export function startChildServer(args: string[], cwd: string, timeoutMs = 60_000): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(force);
    }
  };
  return new Promise<ChildServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`node ${args.join(" ")}: no "listening on" line within ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        child.stdout!.resume(); // keep draining so the child never blocks on a full pipe
        resolve({ url: m[1]!, pid: child.pid!, stop });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${args.join(" ")} exited with ${code} before listening\n${output}`));
    });
  });
}
