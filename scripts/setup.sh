#!/usr/bin/env bash
# Sets up autoclip on a fresh machine: ffmpeg and ffprobe, Chromium (for the browser
# tests), then the npm packages and the web app's build.
# ffmpeg-static (an optional npm dependency) downloads ffmpeg where it can; where
# it cannot, or where ffprobe is missing, the system's package manager provides both.
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

# System packages the server (ffmpeg, ffprobe) and the browser tests (chromium) need.
missing=()
if [ -z "${FFMPEG_PATH:-}" ] && { ! have ffmpeg || ! have ffprobe; }; then missing+=(ffmpeg); fi
if [ -z "${CHROMIUM_PATH:-}" ] && ! have chromium && [ ! -x /usr/lib/chromium/chromium ]; then missing+=(chromium); fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if have apt-get; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if have sudo; then SUDO="sudo"; else echo "setup: run as root or install them yourself (apt-get install ${missing[*]})"; exit 1; fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  elif have brew; then
    # Homebrew's Chromium is a cask; the browser tests also accept CHROMIUM_PATH.
    for p in "${missing[@]}"; do if [ "$p" = chromium ]; then brew install --cask chromium; else brew install "$p"; fi; done
  else
    echo "setup: install ${missing[*]} (or set FFMPEG_PATH/FFPROBE_PATH, CHROMIUM_PATH), then run this again"
    exit 1
  fi
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
echo "setup: done ($(ffmpeg -hide_banner -version 2>/dev/null | head -1 || echo "ffmpeg at \$FFMPEG_PATH"))"
