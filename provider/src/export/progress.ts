// Progress of an export on stderr: a bar redrawn in place on a terminal, plain lines otherwise
// (CI logs, pipes), at most one per 10% of the customers.

/** Reports one customer read. */
export type Progress = (done: number, total: number, what: string) => void;

/** A progress sink for `stream` (a bar when it is a TTY). */
export function progressFor(stream: NodeJS.WriteStream): { step: Progress; end: () => void } {
  if (stream.isTTY) {
    let drawn = false;
    return {
      step(done, total, what) {
        const width = 30;
        const filled = Math.round((done / Math.max(1, total)) * width);
        stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} customers ${what}`.slice(0, (stream.columns || 100) - 1).padEnd((stream.columns || 100) - 1));
        drawn = true;
      },
      end() {
        if (drawn) stream.write("\n");
      },
    };
  }
  let lastDecile = -1;
  return {
    step(done, total, what) {
      const decile = Math.floor((done / Math.max(1, total)) * 10);
      if (decile === lastDecile && done !== total) return;
      lastDecile = decile;
      stream.write(`webex-wholesale-export: ${done}/${total} customers read (last: ${what})\n`);
    },
    end() {},
  };
}
