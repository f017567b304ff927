// The reference server of the emulator throughput benchmark: bare Fastify (the emulator's framework)
// answering a constant JSON object, on 127.0.0.1 and a free port. Run as a child process.
import Fastify from "fastify";

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get("/hello", async () => ({ hello: "world" }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  console.log(`hello server listening on http://127.0.0.1:${port}`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
