# A local stand-in for the postgres image, for bin/images verify on a machine that cannot pull it. A TEST FIXTURE: what
# runs in production is the upstream image. It is Debian's PostgreSQL server (15 on bookworm, so older than the tag
# it stands in for; the services use nothing newer), and keeps the part of the upstream contract that
# docker-compose.yml and Kubernetes use:
# - POSTGRES_PASSWORD (required), POSTGRES_USER (default postgres), POSTGRES_DB (default the user) and PGDATA
#   (default /var/lib/postgresql/data, the volume);
# - on an empty data directory: initdb, then every /docker-entrypoint-initdb.d/*.sh (sourced unless executable) and
#   *.sql, against a server that listens on the unix socket only;
# - port 5432, password (scram-sha-256) logins over TCP, pg_isready on PATH, and the server running as postgres.
FROM healthcheck-stand-in/debian:bookworm
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
    && rm -rf /var/lib/apt/lists/* /var/lib/postgresql/15 /etc/postgresql/15 \
    && mkdir -p /docker-entrypoint-initdb.d /var/lib/postgresql/data /var/run/postgresql \
    && chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql && chmod 0700 /var/lib/postgresql/data
# executable in the repository (the legacy builder has no COPY --chmod)
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# the upstream image stops the server with SIGINT: a fast shutdown, rolled back transactions, no recovery at start
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
