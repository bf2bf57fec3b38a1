# The production image: Next.js standalone output and the compiled CLI on a slim Node 24, as a
# non-root user, without dev dependencies or sources.
#   docker build -t mesh-migrator:0.1.0 .
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx next build && node -e "import('./scripts/serve.mjs').then((m) => m.completeStandalone())"

FROM node:24-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=1000:1000 /src/.next/standalone ./
USER 1000:1000
EXPOSE 3000
CMD ["node", "server.js"]
