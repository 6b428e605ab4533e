#!/usr/bin/env bash
# Pacchetti di sistema per i test delle sessioni (browser e hub).
# Idempotente: installa solo ciò che manca. Va eseguito come root (in CI lo chiama .ci/run).
set -euo pipefail

mancanti=()
command -v chromium >/dev/null 2>&1 || mancanti+=(chromium)
command -v chromedriver >/dev/null 2>&1 || mancanti+=(chromium-driver)
# I caratteri servono a Chromium per disegnare il testo degli screenshot.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || mancanti+=(fonts-dejavu-core)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || mancanti+=(fonts-noto-color-emoji)
# bubblewrap: il recinto (namespace di Linux) in cui gira il kernel di ogni consegna da correggere.
command -v bwrap >/dev/null 2>&1 || mancanti+=(bubblewrap)
# Il test del hub crea utenti Linux veri: git per le lezioni (nbgitpuller), setfacl per far loro
# raggiungere il Python dei test anche se sta sotto /root.
command -v git >/dev/null 2>&1 || mancanti+=(git)
command -v setfacl >/dev/null 2>&1 || mancanti+=(acl)

if [ "${#mancanti[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${mancanti[@]}"
fi

# JupyterHub usa configurable-http-proxy (Node.js) come proxy verso i server degli utenti.
if ! command -v configurable-http-proxy >/dev/null 2>&1; then
    if ! command -v npm >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends nodejs npm
    fi
    npm install -g --no-audit --no-fund configurable-http-proxy@5
fi

chromium --version
configurable-http-proxy --version
