# shellcheck shell=bash
# Shared by scripts/run and scripts/test: locate Odoo 18.0, its Python, and a PostgreSQL server.
set -euo pipefail

ADDON_NAME=mrp_production_management
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${MPM_STATE_DIR:-${TMPDIR:-/tmp}/$ADDON_NAME-$(id -u)}
STARTED_PG=""

# Every line logged says how long the outermost command has been running (CI reads the stages).
MPM_T0=${MPM_T0:-$(date +%s)}
export MPM_T0
elapsed() { local s=$(( $(date +%s) - MPM_T0 )); printf '%d:%02d' $((s / 60)) $((s % 60)); }
log() { printf '\033[1m[%s %s]\033[0m %s\n' "$ADDON_NAME" "$(elapsed)" "$*" >&2; }
die() { printf '\033[1;31m[%s] ERROR:\033[0m %s\n' "$ADDON_NAME" "$*" >&2; exit 1; }

# Odoo 18.0: $ODOO_HOME, else /opt/odoo/18.0. Its Python: $ODOO_PYTHON, else a virtualenv
# beside or inside ODOO_HOME (venv, .venv), else python3 when it can import Odoo's dependencies.
find_odoo() {
    ODOO_HOME=${ODOO_HOME:-/opt/odoo/18.0}
    if [ ! -f "$ODOO_HOME/odoo-bin" ] || [ ! -f "$ODOO_HOME/odoo/release.py" ]; then
        die "Odoo 18.0 was not found at ODOO_HOME=$ODOO_HOME (no odoo-bin / odoo/release.py there).
    This addon needs an existing Odoo 18.0 Community source tree with its Python dependencies.
    Set ODOO_HOME to that tree (default: /opt/odoo/18.0) and, if its dependencies live in a
    virtualenv that is not \$ODOO_HOME/venv, \$ODOO_HOME/.venv or \$ODOO_HOME/../venv, set ODOO_PYTHON
    to that virtualenv's python. See README.md, 'Prerequisites'."
    fi
    grep -q "^version_info = (18, 0" "$ODOO_HOME/odoo/release.py" ||
        die "ODOO_HOME=$ODOO_HOME is not Odoo 18.0 ($(grep '^version_info' "$ODOO_HOME/odoo/release.py"))."
    local candidates=("${ODOO_PYTHON:-}" "$ODOO_HOME/venv/bin/python" "$ODOO_HOME/.venv/bin/python"
        "$(dirname "$ODOO_HOME")/venv/bin/python" "$(command -v python3 || true)")
    PY=""
    for c in "${candidates[@]}"; do
        [ -n "$c" ] && [ -x "$c" ] || continue
        if PYTHONPATH="$ODOO_HOME" "$c" -c 'import odoo, psycopg2, lxml, werkzeug, babel' 2>/dev/null; then
            PY=$c
            break
        fi
    done
    [ -n "$PY" ] || die "No Python that can import Odoo 18.0 and its dependencies was found
    (tried: ${candidates[*]}). Install $ODOO_HOME/requirements.txt into a virtualenv and set ODOO_PYTHON."
    export PYTHONPATH="$ODOO_HOME${PYTHONPATH:+:$PYTHONPATH}"
    # Odoo loads addons by folder name: make one folder whose child is named after the addon.
    if [ "$(basename "$REPO_DIR")" = "$ADDON_NAME" ]; then
        ADDONS_DIR=$(dirname "$REPO_DIR")
    else
        ADDONS_DIR="$STATE_DIR/addons-$(printf '%s' "$REPO_DIR" | md5sum | cut -c1-8)"
        mkdir -p "$ADDONS_DIR"
        ln -sfn "$REPO_DIR" "$ADDONS_DIR/$ADDON_NAME"
    fi
    ADDONS_PATH="$ODOO_HOME/addons,$ADDONS_DIR"
    log "Odoo 18.0: $ODOO_HOME (python: $PY)"
}

pg_bin() {
    local d
    for d in "${PG_BIN:-}" "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /x/x)")" \
        $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -n "$d" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    die "PostgreSQL server binaries (initdb, pg_ctl) were not found; install PostgreSQL or set PG_BIN."
}

# Use the server given by PGHOST/PGPORT/PGUSER/PGPASSWORD when it answers; otherwise create
# (once) and start a throwaway cluster under $STATE_DIR, stopped again by stop_postgres.
start_postgres() {
    export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-odoo}
    export PGPASSWORD=${PGPASSWORD:-odoo}
    if psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        log "PostgreSQL: using the server at $PGHOST:$PGPORT as $PGUSER"
        return
    fi
    local bin pgdata runas=()
    export PGHOST=127.0.0.1 PGPORT=${MPM_PGPORT:-54329} PGUSER=odoo PGPASSWORD=odoo
    if psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        log "PostgreSQL: using the throwaway cluster already running on $PGHOST:$PGPORT"
        return
    fi
    bin=$(pg_bin)
    pgdata="$STATE_DIR/pgdata"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        runas=(runuser -u postgres --)
    fi
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        log "PostgreSQL: creating a throwaway cluster in $pgdata"
        mkdir -p "$pgdata"
        [ ${#runas[@]} -eq 0 ] || chown postgres: "$pgdata"
        "${runas[@]}" "$bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    log "PostgreSQL: starting the throwaway cluster on $PGHOST:$PGPORT"
    "${runas[@]}" "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $pgdata -c fsync=off -c full_page_writes=off" start >/dev/null ||
        die "PostgreSQL did not start; see $pgdata/server.log"
    STARTED_PG="${runas[*]} $bin/pg_ctl -D $pgdata"
    psql -U postgres -d postgres -Atqc "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'" | grep -q 1 ||
        psql -U postgres -d postgres -qc "CREATE ROLE odoo LOGIN SUPERUSER PASSWORD 'odoo'"
}

stop_postgres() {
    if [ -n "$STARTED_PG" ]; then
        log "PostgreSQL: stopping the throwaway cluster"
        $STARTED_PG -m fast stop >/dev/null 2>&1 || true
        STARTED_PG=""
    fi
}

ODOO_COMMAND=()
odoo_bin() {
    "$PY" "$ODOO_HOME/odoo-bin" "${ODOO_COMMAND[@]}" --addons-path="$ADDONS_PATH" --db_host="$PGHOST" --db_port="$PGPORT" \
        --db_user="$PGUSER" --db_password="$PGPASSWORD" --data-dir="$STATE_DIR/data" "$@"
}

db_exists() {
    [ "$(psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
