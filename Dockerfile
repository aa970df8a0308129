# sales-bot: one image for the Slack app and the worker (the command picks the role).
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 pkg-config libcairo2-dev libpango1.0-dev \
    libjpeg-dev libgif-dev librsvg2-dev libpixman-1-dev fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Code and dependencies stay owned by root, so the running app cannot change them; it runs as the
# image's unprivileged `node` user and writes only to .data (embedded PGlite) and out (demo output).
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY drizzle ./drizzle
COPY tsconfig.json ./
RUN mkdir -p /app/.data /app/out && chown node:node /app/.data /app/out
ENV NODE_ENV=production
USER node
# Without DATABASE_URL the embedded database lives in /app/.data: mount a volume there to keep it
# (`-v salesbot-data:/app/.data`); compose uses PostgreSQL instead.
ENTRYPOINT ["node", "bin/sales-bot.js"]
CMD ["--help"]
