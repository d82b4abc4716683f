// Regenerates src/api.ts (and its runtime, src/bffkit-client.ts: a standalone client, so
// the page needs no @bffkit/client package) from the todo app's manifest (`todo manifest`,
// no server needed), and keeps the manifest at examples/todo/api.json.
// Usage: npm run gen   (add --check to fail instead of writing when either is stale)
// The `bffkit` CLI: $BFFKIT if set, the repository's own when the example sits in the
// bffkit repository, else `bffkit` from PATH (`cargo install bffkit-cli`).
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const example = path.resolve(web, "..");
const check = process.argv.includes("--check");
const cargo = (args) => execFileSync("cargo", ["run", "-q", ...args], { cwd: example, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

const manifestFile = path.join(example, "api.json");
const manifest = cargo(["--bin", "todo", "--", "manifest"]);
if (check) {
  const committed = existsSync(manifestFile) ? readFileSync(manifestFile, "utf8") : "";
  if (committed !== manifest) {
    console.error("examples/todo/api.json is stale: run `npm run gen` in examples/todo/web");
    process.exit(1);
  }
} else {
  writeFileSync(manifestFile, manifest);
}
const args = ["client", "--from", manifestFile, "--out", path.join(web, "src/api.ts"), "--standalone"];
if (check) args.push("--check");
const inRepository = existsSync(path.resolve(example, "../../cli/Cargo.toml"));
const bffkit = process.env.BFFKIT
  ? (a) => execFileSync(process.env.BFFKIT, a, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  : inRepository
    ? (a) => cargo(["-p", "bffkit-cli", "--", ...a])
    : (a) => execFileSync("bffkit", a, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
process.stdout.write(bffkit(args));
