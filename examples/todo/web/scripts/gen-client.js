// Regenerates src/api.ts from the todo app's manifest (`todo manifest`, no server needed)
// with the same generator as `bffkit client`, and keeps the manifest at examples/todo/api.json.
// Usage: npm run gen   (add --check to fail instead of writing when either is stale)
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const example = path.resolve(web, "..");
const check = process.argv.includes("--check");
const cargo = (args) => execFileSync("cargo", ["run", "-q", ...args], { cwd: example, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

const manifestFile = path.join(example, "api.json");
const manifest = cargo(["-p", "todo", "--bin", "todo", "--", "manifest"]);
if (check) {
  const committed = existsSync(manifestFile) ? readFileSync(manifestFile, "utf8") : "";
  if (committed !== manifest) {
    console.error("examples/todo/api.json is stale: run `npm run gen` in examples/todo/web");
    process.exit(1);
  }
} else {
  writeFileSync(manifestFile, manifest);
}
const args = ["-p", "bffkit-cli", "--", "client", "--from", manifestFile, "--out", path.join(web, "src/api.ts")];
if (check) args.push("--check");
process.stdout.write(cargo(args));
