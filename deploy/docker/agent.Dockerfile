# syntax=docker/dockerfile:1
# Parley agent worker (LiveKit Agents, offline speech via Debian pocketsphinx). Build from the repo root:
#   docker build -f deploy/docker/agent.Dockerfile -t parley-agent .
# Runs the TypeScript sources directly (Node 24 type stripping); the workspace layout is kept so
# @parley/db, @parley/prompts and @parley/services resolve to /app/db, ... (not under node_modules).

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
ENV CI=true \
    ONNXRUNTIME_NODE_INSTALL=skip \
    npm_config_update_notifier=false
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY db/package.json db/
COPY prompts/package.json prompts/
COPY services/package.json services/
COPY agent/package.json agent/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --prod --filter '@parley/agent...'

FROM ${NODE_IMAGE}
# pocketsphinx: libpocketsphinx3 + the en-us model under /usr/share/pocketsphinx/model/en-us (loaded via koffi);
# ffmpeg: the meeting recorder encodes Opus/Ogg through it
RUN apt-get update \
 && apt-get install -y --no-install-recommends pocketsphinx pocketsphinx-en-us ffmpeg ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip \
    POCKETSPHINX_MODEL_DIR=/usr/share/pocketsphinx/model/en-us \
    AGENT_HTTP_PORT=8081
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/db/node_modules ./db/node_modules
COPY --from=deps /app/prompts/node_modules ./prompts/node_modules
COPY --from=deps /app/services/node_modules ./services/node_modules
COPY --from=deps /app/agent/node_modules ./agent/node_modules
COPY package.json ./
COPY db/package.json db/
COPY db/src db/src
COPY prompts/package.json prompts/
COPY prompts/src prompts/src
COPY services/package.json services/
COPY services/src services/src
COPY agent/package.json agent/
COPY agent/src agent/src
# The recorder's spool (audio not yet in S3): a volume in compose, owned by the app user.
RUN mkdir -p /var/lib/parley/recordings && chown -R node:node /var/lib/parley
ENV RECORDING_SPOOL_DIR=/var/lib/parley/recordings
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=10 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.AGENT_METRICS_PORT || 9464) + '/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `start` is production mode: JSON logs, and SIGTERM drains (AGENT_DRAIN_TIMEOUT_S)
STOPSIGNAL SIGTERM
CMD ["node", "agent/src/main.ts", "start"]
