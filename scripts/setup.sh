#!/usr/bin/env bash
# Sets up autoclip on a fresh machine: ffmpeg and ffprobe, redis-server (for the
# QUEUE_DRIVER=bullmq tests), Chromium (for the browser tests), then the npm packages.
# ffmpeg-static (an optional npm dependency) downloads ffmpeg where it can; where
# it cannot, or where ffprobe is missing, the system's package manager provides both.
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

# System packages the app and its tests need: ffmpeg (unless FFMPEG_PATH is set),
# redis-server (the QUEUE_DRIVER=bullmq tests start one; the embedded default needs no Redis)
# and chromium (the browser tests).
need=()
if [ -z "${FFMPEG_PATH:-}" ] && { ! have ffmpeg || ! have ffprobe; }; then need+=(ffmpeg); fi
if ! have redis-server; then need+=(redis-server); fi
if [ -z "${CHROMIUM_PATH:-}" ] && ! have chromium && [ ! -x /usr/lib/chromium/chromium ]; then need+=(chromium); fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  if have apt-get; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if have sudo; then SUDO="sudo"; else echo "setup: run as root or install them yourself (apt-get install ${need[*]})"; exit 1; fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
    # Debian's package starts a system Redis; the tests start their own on a free port.
  elif have brew; then
    # Homebrew's Chromium is a cask; the browser tests also accept CHROMIUM_PATH.
    for p in "${need[@]}"; do
      case "$p" in
        redis-server) brew install redis ;;
        chromium) brew install --cask chromium ;;
        *) brew install "$p" ;;
      esac
    done
  else
    echo "setup: install ${need[*]} (or set FFMPEG_PATH/FFPROBE_PATH, CHROMIUM_PATH), then run this again"
    exit 1
  fi
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
echo "setup: done ($(ffmpeg -hide_banner -version 2>/dev/null | head -1 || echo "ffmpeg at \$FFMPEG_PATH"))"
