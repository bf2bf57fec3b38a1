# The production image: Next.js standalone output and the compiled CLI on a slim Node 24, as a
# non-root user, without dev dependencies or sources.
#   docker build -t mesh-migrator:0.1.0 .
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
# `npm run build` compiles the CLI (dist/cli), the server's preload (dist/preload) and the
# dashboard (.next/standalone); completeStandalone puts static files and the preload beside server.js.
RUN npm run build && node -e "import('./scripts/serve.mjs').then((m) => m.completeStandalone())"

# The CLI's runtime dependencies only (no dev dependencies, no install scripts).
FROM node:24-bookworm-slim AS cli-deps
WORKDIR /cli
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache
WORKDIR /app
COPY --from=build --chown=1000:1000 /src/.next/standalone ./
COPY --from=cli-deps /cli/node_modules /opt/mesh-migrator-cli/node_modules
COPY --from=build /src/dist/cli /opt/mesh-migrator-cli
RUN printf '#!/bin/sh\nexec node /opt/mesh-migrator-cli/main.mjs "$@"\n' > /usr/local/bin/mesh-migrator \
  && chmod 755 /usr/local/bin/mesh-migrator
USER 1000:1000
EXPOSE 3000
# The preload opens the cluster connection while the server boots (scripts/serve.mjs does the same).
CMD ["node", "--import", "./preload/preload.mjs", "server.js"]
