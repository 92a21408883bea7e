#!/usr/bin/env bash
# Installs the real servers that the integration tests start on 127.0.0.1 high ports:
# Postfix + Dovecot (SASL), exim 4 (extracted into a private folder, never installed as a package,
# because it conflicts with postfix) and aiosmtpd, plus the swaks client the smoke tests use;
# Knot DNS and unbound (routing, DNSSEC), RabbitMQ (amqp), dkimpy and OpenDKIM (DKIM verifiers)
# and Chromium (the blast report, loaded headless).
#
# Run as root on Debian 12:  sudo .ci/install-peers.sh
# Idempotent and noninteractive. It starts no daemon and leaves nothing listening (port 25 included):
# the tests run their own private instances. Environment:
#   SLUICE_PEERS_PREFIX  where exim is extracted (default /opt/sluice-peers)
set -euo pipefail

PREFIX=${SLUICE_PEERS_PREFIX:-/opt/sluice-peers}
EXIM_DIR="$PREFIX/exim"
EXIM_BIN="$EXIM_DIR/usr/sbin/exim4"
ENV_FILE="$PREFIX/peers.env"
POLICY=/usr/sbin/policy-rc.d

log() { printf '[install-peers] %s\n' "$*"; }
die() { printf '[install-peers] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (sudo $0)"
command -v apt-get >/dev/null || die "apt-get not found: this script supports Debian 12 only"

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

# Keep maintainer scripts from starting postfix/dovecot while we install (Debian's policy-rc.d
# protocol: exit code 101 = "action forbidden"). An existing policy (e.g. in containers) is kept.
policy_created=0
cleanup() {
  if [ "$policy_created" = 1 ]; then rm -f "$POLICY"; fi
}
trap cleanup EXIT
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# temporary, written by sluice .ci/install-peers.sh\nexit 101\n' > "$POLICY"
  chmod 0755 "$POLICY"
  policy_created=1
fi

log "apt-get update"
apt-get update -qq

# Postfix must not get a configuration of its own (no port 25, no system instance).
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections

# exim4-daemon-light is only downloaded and extracted; its shared libraries are installed as usual.
exim_libs=$(apt-cache depends exim4-daemon-light | awk '$1 == "Depends:" && $2 ~ /^lib/ && $2 != "libc6" {print $2}' | sort -u)
[ -n "$exim_libs" ] || die "could not read the dependencies of exim4-daemon-light"

packages=(postfix dovecot-core swaks python3 python3-aiosmtpd openssl procps
          libio-socket-ssl-perl libnet-ssleay-perl libauthen-sasl-perl $exim_libs
          knot knot-dnsutils unbound ldnsutils          # DNS for route: authoritative + validating resolver
          rabbitmq-server                              # amqp: private nodes started by the tests
          python3-dkim python3-nacl opendkim opendkim-tools   # dkim: independent verifiers (nacl: Ed25519 in dkimpy)
          chromium)                                    # blast --report: the HTML page checked headless
log "apt-get install ${packages[*]}"
apt-get install "${APT_OPTS[@]}" "${packages[@]}" >/dev/null

# Stop and disable the system services in case a package (or an earlier install) started them;
# the tests only run private instances.
for svc in postfix dovecot exim4 knot unbound rabbitmq-server opendkim; do
  if [ -d /run/systemd/system ]; then
    if systemctl list-unit-files "$svc.service" >/dev/null 2>&1; then
      systemctl disable --now "$svc.service" >/dev/null 2>&1 || true
    fi
  elif [ -x "/etc/init.d/$svc" ]; then
    update-rc.d "$svc" disable >/dev/null 2>&1 || true
    if "/etc/init.d/$svc" status >/dev/null 2>&1; then
      "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    fi
  fi
done

# exim runs as Debian-exim (compiled into the Debian binary).
getent group Debian-exim >/dev/null || groupadd --system Debian-exim
getent passwd Debian-exim >/dev/null ||
  useradd --system --gid Debian-exim --home-dir /nonexistent --no-create-home \
    --shell /usr/sbin/nologin Debian-exim

exim_version=$(apt-cache policy exim4-daemon-light | awk '$1 == "Candidate:" {print $2}')
[ -n "$exim_version" ] && [ "$exim_version" != "(none)" ] || die "no exim4-daemon-light candidate in apt"
if [ -x "$EXIM_BIN" ] && [ "$(cat "$EXIM_DIR/.deb-version" 2>/dev/null)" = "$exim_version" ]; then
  log "exim4-daemon-light $exim_version already extracted in $EXIM_DIR"
else
  log "extracting exim4-daemon-light $exim_version into $EXIM_DIR"
  work=$(mktemp -d)
  # apt downloads as user _apt when it can write the folder (no "unsandboxed" warning)
  if getent passwd _apt >/dev/null; then chown _apt "$work"; fi
  (cd "$work" && apt-get download -q "exim4-daemon-light=$exim_version" >/dev/null)
  mkdir -p "$PREFIX"
  rm -rf "$EXIM_DIR.new"
  dpkg-deb -x "$work"/exim4-daemon-light_*.deb "$EXIM_DIR.new"
  # The tests run it as root; a setuid-root copy outside dpkg's control is not wanted.
  chmod u-s "$EXIM_DIR.new/usr/sbin/exim4"
  echo "$exim_version" > "$EXIM_DIR.new/.deb-version"
  rm -rf "$EXIM_DIR" "$work"
  mv "$EXIM_DIR.new" "$EXIM_DIR"
fi

missing_libs=$(ldd "$EXIM_BIN" | awk '/not found/ {print $1}')
[ -z "$missing_libs" ] || die "exim needs libraries that are missing: $missing_libs"
exim_line=$("$EXIM_BIN" -C /dev/null -bV 2>/dev/null | awk '/^Exim version/ {print $3; exit}')
[ -n "$exim_line" ] || die "$EXIM_BIN does not run (try: $EXIM_BIN -C /dev/null -bV)"

# Where the Java harness (and humans) find exim; SLUICE_EXIM overrides it in the tests.
printf 'SLUICE_EXIM=%s\n' "$EXIM_BIN" > "$ENV_FILE"

# Nothing of ours may listen on port 25.
if command -v ss >/dev/null && ss -Hltn 'sport = :25' 2>/dev/null | grep -q .; then
  log "WARNING: something listens on port 25 (not started by this script)"
fi

postfix_version=$(postconf -d -h mail_version 2>/dev/null || echo '?')
dovecot_version=$(dovecot --version 2>/dev/null | awk '{print $1}')
aiosmtpd_version=$(/usr/bin/python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)' 2>/dev/null) ||
  die "/usr/bin/python3 cannot import aiosmtpd"
swaks_version=$(swaks --version 2>/dev/null | awk '{print $NF; exit}')

echo "peer postfix+dovecot: /usr/sbin/postfix (Postfix $postfix_version, daemons in $(postconf -d -h daemon_directory)) + /usr/sbin/dovecot ($dovecot_version)"
echo "peer exim: $EXIM_BIN (exim $exim_line; SLUICE_EXIM, see $ENV_FILE)"
echo "peer aiosmtpd: /usr/bin/python3 (aiosmtpd $aiosmtpd_version)"
echo "client swaks: $(command -v swaks) ($swaks_version)"
