// The inventory file's shape (inventory.json; a module of its own name would shadow the JSON in require)
// is the package's: the same one `webex-wholesale-export` writes. It is validated by the resources'
// own checks at preview.
import * as path from "node:path";
import { readInventory, type Inventory } from "pulumi-webex-wholesale";

export type { Inventory, TemplateLine, CustomerLine, SiteLine, UserLine } from "pulumi-webex-wholesale";

/** Read the inventory named by config (default inventory.json beside the program). */
export function loadInventory(file: string): Inventory {
  return readInventory(path.resolve(__dirname, file));
}
