# Parley web app (SvelteKit, adapter-node). Build from the repo root (BuildKit: Docker ≥ 23 by
# default, or DOCKER_BUILDKIT=1):
#   docker build -f deploy/docker/web.Dockerfile --build-arg ORIGIN=https://meet.example.com -t parley-web .
# Behind a TLS-inspecting proxy, give the install steps its CA bundle (a secret: in no layer):
#   --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt
# No `# syntax=` line: the builder's built-in frontend is enough, and nothing is pulled for it.
# The workspace packages @parley/protocol, @parley/db, @parley/prompts and @parley/services are
# TypeScript sources that Node 24 runs by type stripping, which Node refuses for files under
# node_modules. So the runtime image keeps the pnpm workspace layout (node_modules/@parley/* are
# symlinks to /app/protocol, /app/db, ...)
# instead of flattening it with `pnpm deploy`. The agent is not in the image: web never imports it
# (scripts/check-web-standalone builds from exactly the files copied here).

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV CI=true \
    ONNXRUNTIME_NODE_INSTALL=skip \
    npm_config_update_notifier=false
RUN --mount=type=secret,id=ca \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /app
# manifests only, so the dependency layers are cached until the lockfile changes
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# dependencies pnpm patches at install (see patches/)
COPY patches/ patches/
COPY protocol/package.json protocol/
COPY db/package.json db/
COPY prompts/package.json prompts/
COPY services/package.json services/
# test helpers of web's integration tests: a dev dependency, linked at install, never run here
COPY testkit/package.json testkit/
COPY web/package.json web/

# ---- build: full dependencies, then vite build
# --filter-prod: web and the workspace packages it needs at run time (db, prompts…), not the ones
# it only tests with (the agent and its speech models)
FROM base AS build
RUN --mount=type=secret,id=ca --mount=type=cache,id=parley-pnpm-store,target=/root/.local/share/pnpm/store \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    pnpm install --frozen-lockfile --filter-prod '@parley/web...'
COPY tsconfig.base.json ./
COPY protocol/ protocol/
COPY db/ db/
COPY prompts/ prompts/
COPY services/ services/
COPY web/ web/
# adapter-node bakes the canonical origin in at build time (see web/vite.config.ts)
ARG ORIGIN=http://localhost:3000
ENV ORIGIN=${ORIGIN}
RUN pnpm --filter @parley/web build

# ---- production dependencies only
FROM base AS prod-deps
RUN --mount=type=secret,id=ca --mount=type=cache,id=parley-pnpm-store,target=/root/.local/share/pnpm/store \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    pnpm install --frozen-lockfile --prod --filter-prod '@parley/web...'

# ---- runtime
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/protocol/node_modules ./protocol/node_modules
COPY --from=prod-deps /app/db/node_modules ./db/node_modules
COPY --from=prod-deps /app/prompts/node_modules ./prompts/node_modules
COPY --from=prod-deps /app/services/node_modules ./services/node_modules
COPY --from=prod-deps /app/web/node_modules ./web/node_modules
COPY package.json ./
COPY protocol/package.json protocol/
COPY protocol/src protocol/src
COPY db/package.json db/
COPY db/src db/src
# the whole package: its sources import the templates and schemas beside them
COPY prompts/ prompts/
COPY services/package.json services/
COPY services/src services/src
COPY web/package.json web/
COPY --from=build /app/web/build ./web/build
ARG ORIGIN=http://localhost:3000
ENV ORIGIN=${ORIGIN}
# Recording uploads stream to S3 and cap themselves (IMPORT_MAX_BYTES); other requests keep a
# 512 KiB declared-size limit in the app.
ENV BODY_SIZE_LIMIT=Infinity
WORKDIR /app/web
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=10 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "build/index.js"]
