# Switchboard's image: the release binary, built beforehand with the Swift standard library
# linked in statically, on a small Debian bookworm base. Needs only glibc, libstdc++ and libgcc.
#
#   swift build -c release --static-swift-stdlib --product switchboard --scratch-path .build-release
#   docker build -t switchboard .                          # base: debian:bookworm-slim
#   docker build --build-arg BASE_IMAGE=localhost/base:bookworm -t switchboard .   # no registry
#
# No Swift toolchain on the build host? deploy/Dockerfile.multistage compiles inside the
# swift:6.x image instead. Configuration only through SWITCHBOARD_* variables and the *_FILE
# secrets (README, Containers); the image holds no secret. Give the container a stop grace
# period above the 10 s drain (compose: stop_grace_period: 20s; docker run --stop-timeout 20).
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

# ca-certificates: outbound HTTPS (LLM providers, OTLP collectors) checks servers against them.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb \
    && groupadd --system --gid 10001 switchboard \
    && useradd --system --uid 10001 --gid switchboard --home-dir /data --no-create-home --shell /usr/sbin/nologin switchboard \
    && mkdir -p /data \
    && chown switchboard:switchboard /data \
    && chmod 0750 /data

ARG SWITCHBOARD_BINARY=.build-release/x86_64-unknown-linux-gnu/release/switchboard
COPY ${SWITCHBOARD_BINARY} /usr/local/bin/switchboard

# Listen on every interface of the container; keys, the embedded SQLite databases and the
# analytics spool live in /data. Production refuses to start without SWITCHBOARD_JWT_SECRET(_FILE).
ENV SWITCHBOARD_HOST=0.0.0.0 \
    SWITCHBOARD_PORT=8080 \
    SWITCHBOARD_DATA_DIR=/data \
    SWITCHBOARD_ENV=production

USER switchboard:switchboard
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080

# `switchboard healthcheck` asks http://127.0.0.1:$SWITCHBOARD_PORT/health/ready: 200 only when
# every required startup node's probe passes now (ClickHouse is optional: down means degraded,
# still healthy, spooling). While ClickHouse hangs its probe takes up to 5 s (the store's write
# timeout), so the check waits 8 s: with 3 s the container turned unhealthy during an outage.
HEALTHCHECK --interval=5s --timeout=10s --start-period=60s --retries=3 CMD ["switchboard", "healthcheck", "--timeout", "8"]

# SIGTERM drains: runs get 10 s to finish, WebSocket clients get server_shutdown and a 1001 close.
STOPSIGNAL SIGTERM
ENTRYPOINT ["switchboard"]
CMD ["serve"]
