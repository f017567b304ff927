export * as wire from "./wire";
