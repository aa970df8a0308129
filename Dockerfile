# sales-bot: one image for the Slack app and the worker (the command picks the role).
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 pkg-config libcairo2-dev libpango1.0-dev \
    libjpeg-dev libgif-dev librsvg2-dev libpixman-1-dev fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY drizzle ./drizzle
COPY tsconfig.json ./
ENV NODE_ENV=production
ENTRYPOINT ["node", "bin/sales-bot.js"]
