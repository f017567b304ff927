// Entry point of the plugin process `pulumi-resource-webex-wholesale` (see provider/bin): the
// engine starts it, reads the port it prints, and talks gRPC to it.
import { WholesaleProvider } from "./provider";
import { serve } from "./serve";

serve(new WholesaleProvider(), process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`pulumi-resource-webex-wholesale: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
