# Parley agent worker (LiveKit Agents, offline speech via Debian pocketsphinx). Build from the repo root
# (BuildKit: Docker ≥ 23 by default, or DOCKER_BUILDKIT=1):
#   docker build -f deploy/docker/agent.Dockerfile -t parley-agent .
# Runs the TypeScript sources directly (Node 24 type stripping); the workspace layout is kept so
# @parley/db, @parley/prompts and @parley/services resolve to /app/db, ... (not under node_modules).
# Behind a TLS-inspecting proxy, give the install steps its CA bundle (a secret: in no layer):
#   --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt
# No `# syntax=` line: the builder's built-in frontend is enough, and nothing is pulled for it.

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
ENV CI=true \
    ONNXRUNTIME_NODE_INSTALL=skip \
    npm_config_update_notifier=false
RUN --mount=type=secret,id=ca \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /app
# manifests only: this layer and the install stay cached until the lockfile or a manifest changes
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# dependencies pnpm patches at install (see patches/)
COPY patches/ patches/
COPY protocol/package.json protocol/
COPY db/package.json db/
COPY prompts/package.json prompts/
COPY services/package.json services/
COPY agent/package.json agent/
RUN --mount=type=secret,id=ca --mount=type=cache,id=parley-pnpm-store,target=/root/.local/share/pnpm/store \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    pnpm install --frozen-lockfile --prod --filter-prod '@parley/agent...'
# native binaries for other platforms (onnxruntime-node ships five, koffi eighteen): ~200 MB
RUN arch="$(node -p process.arch)" && cd node_modules/.pnpm \
 && find onnxruntime-node@*/node_modules/onnxruntime-node/bin/napi-v*/ -mindepth 2 -maxdepth 2 -type d \
      ! -path "*/linux/$arch" -exec rm -rf {} + \
 && find koffi@*/node_modules/koffi/build/koffi/ -mindepth 1 -maxdepth 1 -type d \
      ! -name "linux_$arch" -exec rm -rf {} +

# The recorder: s16le PCM on a pipe -> libopus -> Ogg on a pipe; importing recordings: wav, mp3,
# m4a/mp4 (AAC), ogg (Vorbis/Opus), webm/mkv, flac in -> 16 kHz s16le PCM on a pipe. Debian's
# ffmpeg package brings ~650 MB of codec, X11 and GPU libraries for that; this one, from Debian's
# own ffmpeg source, has just those parts (plus WAV input and resampling for `agent simulate`),
# links only libopus and stays a few MB (not measured with the import decoders: the image build
# was not run when they were added). Cached: it depends on nothing from this repository.
FROM ${NODE_IMAGE} AS ffmpeg
RUN (sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true) \
 && (sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >/etc/apt/sources.list.d/deb-src.list 2>/dev/null || true) \
 && apt-get update \
 && apt-get install -y --no-install-recommends build-essential nasm pkg-config libopus-dev xz-utils dpkg-dev
WORKDIR /src
RUN apt-get source -qq ffmpeg >/dev/null && cd ffmpeg-*/ \
 && ./configure --prefix=/opt/ffmpeg --disable-everything --disable-autodetect --disable-doc \
      --disable-network --disable-ffplay --disable-ffprobe --disable-debug --enable-small \
      --enable-libopus --enable-encoder=libopus,pcm_s16le --enable-muxer=ogg,pcm_s16le \
      --enable-parser=opus,mpegaudio,aac,vorbis,flac \
      --enable-demuxer=pcm_s16le,wav,mp3,mov,matroska,ogg,flac,aac \
      --enable-decoder=pcm_s16le,pcm_s24le,pcm_s32le,pcm_f32le,pcm_u8,pcm_alaw,pcm_mulaw,mp3,mp3float,aac,vorbis,opus,libopus,flac \
      --enable-protocol=pipe,file \
      --enable-swresample --enable-filter=aresample,aformat,anull,abuffer,abuffersink,atrim,pan \
 && make -j"$(nproc)" ffmpeg && install -D -m 0755 ffmpeg /opt/ffmpeg/bin/ffmpeg

FROM ${NODE_IMAGE}
# pocketsphinx: libpocketsphinx3 + the en-us model under /usr/share/pocketsphinx/model/en-us (loaded
# via koffi); libspeexdsp1: the noise suppression ahead of the VAD (STT_DENOISE, via koffi);
# libopus0 for the recorder's ffmpeg
RUN apt-get update \
 && apt-get install -y --no-install-recommends pocketsphinx pocketsphinx-en-us libspeexdsp1 libopus0 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=ffmpeg /opt/ffmpeg/bin/ffmpeg /usr/local/bin/ffmpeg
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip \
    POCKETSPHINX_MODEL_DIR=/usr/share/pocketsphinx/model/en-us \
    AGENT_HTTP_PORT=8081
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/protocol/node_modules ./protocol/node_modules
COPY --from=deps /app/db/node_modules ./db/node_modules
COPY --from=deps /app/prompts/node_modules ./prompts/node_modules
COPY --from=deps /app/services/node_modules ./services/node_modules
COPY --from=deps /app/agent/node_modules ./agent/node_modules
COPY package.json ./
COPY protocol/package.json protocol/
COPY protocol/src protocol/src
COPY db/package.json db/
COPY db/src db/src
# the whole package: its sources import the templates and schemas beside them
COPY prompts/ prompts/
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
