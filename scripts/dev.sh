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
  # better-sqlite3's install step (prebuild-install) downloads a prebuilt binary from GitHub, which
  # is not reachable here, so it compiles SQLite from source (about 75 s of one core). It first looks
  # in its download cache inside the npm cache: the binary built here is put there, under the name
  # prebuild-install derives from the package version, Node ABI, platform, libc and arch, and the
  # next `npm ci` on this machine unpacks it instead of compiling.
  local started=$SECONDS
  (cd "$ROOT" && npm ci --prefer-offline --no-audit --no-fund)
  echo "npm ci: $((SECONDS - started)) s"
  keep_sqlite_binary
}

# Where prebuild-install keeps a downloaded better-sqlite3 binary for this Node (its own functions).
sqlite_binary_cache() {
  node -e '
    const nm = process.argv[1] + "/node_modules/";
    const util = require(nm + "prebuild-install/util.js");
    const libc = require(nm + "detect-libc");
    const url = util.getDownloadUrl({
      pkg: require(nm + "better-sqlite3/package.json"),
      runtime: "node",
      abi: process.versions.modules,
      platform: process.platform,
      arch: process.arch,
      libc: (libc.isNonGlibcLinuxSync() && libc.familySync()) || "",
      "tag-prefix": "v"
    });
    console.log(util.cachedPrebuild(url));
  ' "$ROOT"
}

sqlite_loads() {
  (cd "$ROOT" && node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()')
}

keep_sqlite_binary() {
  [[ -d "$ROOT/node_modules/better-sqlite3" && -d "$ROOT/node_modules/prebuild-install" ]] || return 0
  local cached
  cached="$(sqlite_binary_cache)"
  if ! sqlite_loads; then
    # a kept binary that does not load: drop it and compile
    echo "better-sqlite3 does not load; compiling it"
    rm -f "$cached"
    (cd "$ROOT" && npm rebuild better-sqlite3)
    sqlite_loads
  fi
  if [[ ! -f "$cached" ]]; then
    mkdir -p "$(dirname "$cached")"
    tar -czf "$cached.$$.tmp" -C "$ROOT/node_modules/better-sqlite3" build/Release/better_sqlite3.node
    mv "$cached.$$.tmp" "$cached"
    echo "kept the better-sqlite3 binary built here for the next install: $cached"
  fi
}

cmd="${1:-test}"
case "$cmd" in
  install) install ;;
  test) use_project_node; cd "$ROOT"; exec npm test ;;
  *) use_project_node; cd "$ROOT"; exec "$@" ;;
esac
