// Regenerates miniprogram/api.ts (and its runtime, miniprogram/bffkit-client.ts: a
// standalone client on wx.request, so the mini-program needs no npm package and no
// "build npm" step) from the Todo app's manifest, examples/todo/api.json (kept current by
// `npm run gen` in ../web).
// Usage: npm run gen   (add --check to fail instead of writing when either is stale)
// The `bffkit` CLI: $BFFKIT if set, the repository's own when the example sits in the
// bffkit repository, else `bffkit` from PATH (`cargo install bffkit-cli`).
const { execFileSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const path = require("node:path");

const project = path.resolve(__dirname, "..");
const example = path.resolve(project, "..");
const args = [
  "client",
  "--from", path.join(example, "api.json"),
  "--out", path.join(project, "miniprogram/api.ts"),
  "--target", "wechat",
  "--standalone",
];
if (process.argv.includes("--check")) args.push("--check");
const run = (command, commandArgs, cwd) =>
  execFileSync(command, commandArgs, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const inRepository = existsSync(path.resolve(example, "../../cli/Cargo.toml"));
try {
  const out = process.env.BFFKIT
    ? run(process.env.BFFKIT, args)
    : inRepository
      ? run("cargo", ["run", "-q", "-p", "bffkit-cli", "--", ...args], example)
      : run("bffkit", args);
  process.stdout.write(out);
} catch (error) {
  // bffkit has said what is wrong (a stale file, an unreadable manifest) on stderr.
  process.stdout.write(error.stdout ?? "");
  process.exit(error.status ?? 1);
}
