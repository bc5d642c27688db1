#!/usr/bin/env bash
# Run a command with a private, throw-away PostgreSQL 15 cluster, exported as PG_TEST_URL.
#
#   bash scripts/with-pg.sh COMMAND [ARGS...]
#
# When PG_TEST_URL is already set (an outer with-pg.sh, or a server of your own), the command
# just runs against it. Otherwise a cluster is initdb'd into a temp dir (as the `postgres` user
# when run as root, as PostgreSQL refuses to run as root), started on a free loopback port with a
# private socket dir, and always stopped and deleted on exit. The command's exit status is kept.
# Without PostgreSQL server binaries it fails: the pg suite must never be skipped silently.
set -euo pipefail

if [ "$#" -eq 0 ]; then
	echo "usage: bash scripts/with-pg.sh COMMAND [ARGS...]" >&2
	exit 2
fi

if [ -n "${PG_TEST_URL:-}" ]; then
	exec "$@"
fi

log() { echo "[with-pg] $*" >&2; }
now_ms() { date +%s%3N; }

# --- Find the server binaries --------------------------------------------------------------------
bindir=""
for candidate in "${PG_BINDIR:-}" /usr/lib/postgresql/15/bin; do
	if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
		bindir="$candidate"
		break
	fi
done
if [ -z "$bindir" ] && command -v pg_config >/dev/null 2>&1; then
	candidate="$(pg_config --bindir 2>/dev/null || true)"
	if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
		bindir="$candidate"
	fi
fi
if [ -z "$bindir" ]; then
	log "ERROR: no PostgreSQL server binaries (initdb, pg_ctl) found in /usr/lib/postgresql/15/bin"
	log "       or \`pg_config --bindir\`. Install them (Debian: apt-get install -y postgresql-15),"
	log "       set PG_BINDIR, or point PG_TEST_URL at a running server."
	exit 1
fi

# --- Who runs the server --------------------------------------------------------------------------
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	if ! id -u postgres >/dev/null 2>&1; then
		log "ERROR: running as root but there is no 'postgres' user to run the server as."
		exit 1
	fi
	if ! command -v runuser >/dev/null 2>&1; then
		log "ERROR: running as root but runuser is missing (util-linux)."
		exit 1
	fi
	as_pg=(runuser -u postgres --)
fi

# --- A free loopback port -------------------------------------------------------------------------
free_port() {
	if command -v node >/dev/null 2>&1; then
		node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
	elif command -v python3 >/dev/null 2>&1; then
		python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1]);s.close()"
	else
		echo 54329
	fi
}

# --- Start -----------------------------------------------------------------------------------------
tmp="$(mktemp -d "${PG_TEST_TMPDIR:-/tmp}/with-pg.XXXXXX")" # not $TMPDIR: postgres must reach it, and socket paths are short
datadir="$tmp/data"
sockdir="$tmp/sock"
logfile="$tmp/postgres.log"
mkdir -p "$sockdir"
if [ "${#as_pg[@]}" -gt 0 ]; then
	chown -R postgres: "$tmp"
fi
started=0

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	if [ "$started" -eq 1 ]; then
		local t0
		t0=$(now_ms)
		"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 ||
			"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1 || true
		log "cluster stopped in $(($(now_ms) - t0)) ms"
	fi
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$(now_ms)
"${as_pg[@]}" "$bindir/initdb" -D "$datadir" --auth=trust -U postgres --encoding=UTF8 \
	--locale=C --no-sync >"$tmp/initdb.log" 2>&1 || {
	log "ERROR: initdb failed:"
	cat "$tmp/initdb.log" >&2
	exit 1
}

port=""
for attempt in 1 2 3; do
	port="${PG_TEST_PORT:-$(free_port)}"
	if "${as_pg[@]}" "$bindir/pg_ctl" -w -t 60 -D "$datadir" -l "$logfile" \
		-o "-p $port -k $sockdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null 2>&1; then
		started=1
		break
	fi
	log "start on port $port failed (attempt $attempt):"
	tail -n 20 "$logfile" >&2 || true
	[ -n "${PG_TEST_PORT:-}" ] && break
done
if [ "$started" -ne 1 ]; then
	log "ERROR: could not start PostgreSQL."
	exit 1
fi

export PG_TEST_URL="postgres://postgres@127.0.0.1:$port/postgres"
log "$("$bindir/postgres" --version) ready at $PG_TEST_URL in $(($(now_ms) - t0)) ms"

# --- Run ---------------------------------------------------------------------------------------------
set +e
"$@"
status=$?
set -e
exit "$status"
