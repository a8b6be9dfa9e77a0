#!/usr/bin/env bash
# Developer entry point for a fresh machine.
#   bash scripts/dev.sh install   provision Node 22 if the machine's Node is older, check Java and Chromium, npm ci
#   bash scripts/dev.sh npm test  run the full test command with Node 22 (also: bash scripts/dev.sh test)
#   bash scripts/dev.sh <cmd...>  run any command with the project's Node 22 first on the PATH
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
REQUIRED_NODE_MAJOR=22

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

use_project_node() {
  # Prefer the Node 22 provisioned into .tools/ (ignored by git), else the machine's Node.
  if [[ -x "$TOOLS/node_modules/.bin/node" ]]; then
    export PATH="$TOOLS/node_modules/.bin:$PATH"
  fi
  local major
  major="$(node_major)"
  if (( major < REQUIRED_NODE_MAJOR )); then
    echo "error: Node $REQUIRED_NODE_MAJOR or newer is required, found $(node -v 2>/dev/null || echo none)." >&2
    echo "       Run 'bash scripts/dev.sh install' first (it provisions Node $REQUIRED_NODE_MAJOR from the npm registry)." >&2
    exit 1
  fi
  # Native addons (better-sqlite3) must compile against the headers of the Node that runs them;
  # ~/.npmrc may point npm at another Node's headers (nodedir), which would build the wrong ABI.
  local version headers=""
  version="$(node -p 'process.versions.node')"
  local prefix
  prefix="$(cd "$(dirname "$(node -p 'require("fs").realpathSync(process.execPath)')")/.." && pwd)"
  for candidate in "$prefix" "$prefix"/node_modules/node-*/ /usr /usr/local; do
    candidate="${candidate%/}"
    if [[ -f "$candidate/include/node/node_version.h" ]] && header_version_is "$candidate" "$version"; then
      headers="$candidate"
      break
    fi
  done
  if [[ -n "$headers" ]]; then
    export npm_config_nodedir="$headers"
  else
    echo "warning: no C headers for Node $version found; native addons will be built by node-gyp's default." >&2
  fi
}

# True when the headers under $1 are those of Node version $2.
header_version_is() {
  local h="$1/include/node/node_version.h" major minor patch
  major="$(awk '/define NODE_MAJOR_VERSION/ {print $3}' "$h")"
  minor="$(awk '/define NODE_MINOR_VERSION/ {print $3}' "$h")"
  patch="$(awk '/define NODE_PATCH_VERSION/ {print $3}' "$h")"
  [[ "$major.$minor.$patch" == "$2" ]]
}

install() {
  if (( $(node_major) < REQUIRED_NODE_MAJOR )) && [[ ! -x "$TOOLS/node_modules/.bin/node" ]]; then
    echo "Provisioning Node $REQUIRED_NODE_MAJOR into .tools/ (the machine has $(node -v 2>/dev/null || echo no Node))"
    mkdir -p "$TOOLS"
    [[ -f "$TOOLS/package.json" ]] || echo '{"private":true}' > "$TOOLS/package.json"
    (cd "$TOOLS" && npm install --no-audit --no-fund --no-save "node@$REQUIRED_NODE_MAJOR")
  fi
  use_project_node
  echo "Node $(node -v), npm $(npm -v)"
  if ! command -v java >/dev/null 2>&1; then
    echo "Java is needed for the PMD gate; installing a headless JRE"
    if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
      apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    else
      echo "error: install a Java 11+ runtime (e.g. 'sudo apt-get install openjdk-17-jre-headless') and re-run." >&2
      exit 1
    fi
  fi
  if [[ -z "${CHROMIUM_PATH:-}" && ! -x /usr/bin/chromium ]]; then
    echo "Chromium is needed for the console's browser test; installing Debian's chromium package"
    if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "error: install Chromium (e.g. 'sudo apt-get install chromium') or set CHROMIUM_PATH, and re-run." >&2
      exit 1
    fi
  fi
  # better-sqlite3's install step looks for a prebuilt binary (prebuild-install): on GitHub, which is
  # not reachable here, so it compiles SQLite from source (about 75 s of one core). Its documented
  # "local prebuilds" folder is checked first: keep the binary built here, keyed by package version,
  # Node ABI, platform, libc and arch, in the user's cache and reuse it on the next install.
  export npm_config_better_sqlite3_local_prebuilds="${DATED_RATES_PREBUILDS:-${XDG_CACHE_HOME:-$HOME/.cache}/dated-rates/prebuilds}"
  local started=$SECONDS
  (cd "$ROOT" && npm ci --prefer-offline --no-audit --no-fund)
  echo "npm ci: $((SECONDS - started)) s"
  keep_sqlite_prebuild
}

# The file name prebuild-install asks the local-prebuilds folder for, for this Node.
sqlite_prebuild_name() {
  node -e '
    const v = require(process.argv[1] + "/node_modules/better-sqlite3/package.json").version;
    const r = require("child_process").spawnSync("ldd", ["--version"], { encoding: "utf8" });
    const libc = process.platform === "linux" && /musl/i.test(r.stdout + r.stderr) ? "musl" : "";
    console.log(`better-sqlite3-v${v}-node-v${process.versions.modules}-${process.platform}${libc}-${process.arch}.tar.gz`);
  ' "$ROOT"
}

keep_sqlite_prebuild() {
  local dir="$npm_config_better_sqlite3_local_prebuilds" name
  [[ -d "$ROOT/node_modules/better-sqlite3" ]] || return 0
  name="$(sqlite_prebuild_name)"
  if ! (cd "$ROOT" && node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()') 2>/dev/null; then
    # a kept binary that does not load (a corrupt cache): drop it and build from source
    echo "better-sqlite3 does not load; building it from source"
    rm -f "$dir/$name"
    (cd "$ROOT" && npm rebuild better-sqlite3 --build-from-source)
  fi
  if [[ ! -f "$dir/$name" ]]; then
    mkdir -p "$dir"
    tar -czf "$dir/$name.tmp.$$" -C "$ROOT/node_modules/better-sqlite3" build/Release/better_sqlite3.node
    mv "$dir/$name.tmp.$$" "$dir/$name"
    echo "kept the better-sqlite3 binary for the next install: $dir/$name"
  fi
}

cmd="${1:-test}"
case "$cmd" in
  install) install ;;
  test) use_project_node; cd "$ROOT"; exec npm test ;;
  *) use_project_node; cd "$ROOT"; exec "$@" ;;
esac
