#!/usr/bin/env bash
# The Windows proof under Wine: what a Windows user gets from MailShim-Setup-<version>.exe, shown on Debian.
#
#   installer/windows/wine-proof.sh        (root: the test Dovecot needs it; after build-app.sh and the Linux
#                                           build of mailshim-test-dovecot, see build-and-prove.sh)
#
# In a fresh 64-bit Wine prefix, under its own Xvfb with openbox:
#   1. the cross-built Windows tests (Credential Manager store; service manager and host under Wine's SCM)
#   2. the installer, silently (/S), into C:\Program Files\MailShim; the installed programs and uninstaller carry
#      their application manifests and verified Authenticode signatures (check-binaries.sh)
#   3. mailshim-service.exe --console with listeners in apop, tls and stls mode pointing at a real Dovecot on
#      loopback; Python's poplib on Linux reads every message through each, compared byte for byte
#   4. the same through the Windows service: --install, --start (Wine's service manager starts it), mail
#      again; a password handed to the service over its control channel (--set-password) and a POP3 client with a
#      dummy password reading every message through a storedPassword listener; a message sent with smtplib through
#      the service's SMTP listeners (tls and starttls) into a real Postfix, read back from its Dovecot byte for byte;
#      --stop
#   5. mailshim.exe: screenshots of the main window (with the listeners of step 3) and the setup wizard
#   6. Setup again over it (an update keeps the service), then the uninstaller, silently, and a look at what is
#      left
# Results go to build/wine-proof/ (logs, screenshots, retrieved mail); the last lines sum up. Exit status 0
# only if every step passed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
START=$(date +%s)

BUILD=build/win64
VERSION=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
SETUP=$BUILD/MailShim-Setup-$VERSION.exe
# The test servers as programs (tests/support), from the Linux build (CI: preset ci).
SUPPORT_BIN=${MAILSHIM_TEST_SUPPORT_BIN:-build/ci/tests/support}
DOVECOT_SERVE=$SUPPORT_BIN/mailshim-test-dovecot
POSTFIX_SERVE=$SUPPORT_BIN/mailshim-test-postfix
OUT=${MAILSHIM_PROOF_DIR:-$ROOT/build/wine-proof}
WINE=/usr/lib/wine/wine64 # only 64-bit Wine is installable here; Debian's `wine` wrapper asks for wine32
WINESERVER=/usr/lib/wine/wineserver

for need in "$SETUP" "$DOVECOT_SERVE" "$POSTFIX_SERVE" "$BUILD/tests/windows/tst_wincredcredentialstore.exe" "$WINE" \
            /usr/bin/Xvfb /usr/bin/openbox /usr/bin/import python3; do
  if [[ ! -e $need ]] && ! command -v "$need" >/dev/null; then
    echo "wine-proof: missing $need (run installer/windows/build-and-prove.sh)" >&2
    exit 1
  fi
done
[[ $(id -u) -eq 0 ]] || { echo "wine-proof: the test Dovecot needs root" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT/screenshots"
export WINEARCH=win64 WINEPREFIX="$OUT/prefix" WINEDEBUG=-all
# Qt shows --help/--version in a message box when there is no console window, as under Wine with pipes.
export QT_COMMAND_LINE_PARSER_NO_GUI_MESSAGE_BOXES=1
export LANG=C.UTF-8 LC_ALL=C.UTF-8

RESULTS=()
FAILED=0
pass() { RESULTS+=("PASS  $*"); echo "PASS: $*"; }
fail() { RESULTS+=("FAIL  $*"); echo "FAIL: $*"; FAILED=1; }
notrun() { RESULTS+=("NOT RUN  $*"); echo "NOT RUN: $*"; FAILED=1; }
step() { echo; echo "== $* ($(( $(date +%s) - START )) s)"; }

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  "$WINESERVER" -k 2>/dev/null
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
}
trap cleanup EXIT

# Our own X server (the first free display from :90) with a window manager: without one Qt's windows stay
# unmapped under Xvfb and a screenshot is black.
DISPLAY_NUMBER=90
while [[ -e /tmp/.X$DISPLAY_NUMBER-lock || -e /tmp/.X11-unix/X$DISPLAY_NUMBER ]]; do DISPLAY_NUMBER=$((DISPLAY_NUMBER + 1)); done
export DISPLAY=:$DISPLAY_NUMBER
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$DISPLAY_NUMBER ]] && break; sleep 0.1; done
openbox >"$OUT/openbox.log" 2>&1 &
PIDS+=($!)

wine() { "$WINE" "$@"; }
INSTALL_DIR="$WINEPREFIX/drive_c/Program Files/MailShim"
SERVICE_EXE='C:\Program Files\MailShim\mailshim-service.exe'
TRAY_EXE='C:\Program Files\MailShim\mailshim.exe'

# Polls until something listens on every given loopback port, or gives up after $1 seconds. Asks the kernel
# (ss) instead of connecting, so no probe shows up as a failed session in MailShim's counters and tray.
wait_for_ports() {
  local seconds=$1 port missing; shift
  for _ in $(seq $((seconds * 4))); do
    missing=0
    for port in "$@"; do
      [[ -n $(ss -ltnH "sport = :$port") ]] || missing=1
    done
    [[ $missing -eq 0 ]] && return 0
    sleep 0.25
  done
  return 1
}

# How Dovecot must log the login MailShim makes upstream in each mode (TLS_NAME's mode is in the run name).
login_pattern() {
  case $1 in
    *-apop) echo 'method=APOP, ' ;;  # APOP over plain TCP: no ", TLS" on the line
    *-tls | *-stls | *-stored) echo 'method=PLAIN, .*, TLS' ;;
  esac
}

# Reads every message through MailShim's listener on $2 with poplib and compares each with what Dovecot
# serves, byte for byte; then checks Dovecot's log for how MailShim logged in. $1 names the run; $3, if given, is
# the password the client sends instead of the real one (a storedPassword listener replaces it).
read_and_compare() {
  local name=$1 port=$2 password=${3:-$MAIL_PASSWORD} dir="$OUT/mail/$1" n bytes=0 started=$SECONDS logged
  local log_offset
  log_offset=$(stat -c %s "$LOG_FILE")
  if ! python3 tests/support/popclient.py --host 127.0.0.1 --port "$port" --user "$MAIL_USER" \
       --password "$password" --timeout 120 retr-all "$dir" >"$OUT/mail/$name.out" 2>&1; then
    fail "$name: poplib through 127.0.0.1:$port: $(tail -c 300 "$OUT/mail/$name.out")"
    return
  fi
  for n in $(seq "$MESSAGES"); do
    if ! cmp -s "$dir/$n.eml" "$OUT/dovecot/expected/$n.eml"; then
      fail "$name: message $n differs from what Dovecot serves"
      return
    fi
    bytes=$((bytes + $(stat -c %s "$dir/$n.eml")))
  done
  sleep 0.5 # Dovecot logs the login from its own process
  logged=$(tail -c +$((log_offset + 1)) "$LOG_FILE" | grep 'Login: user=<' | tail -1)
  if ! grep -qE "$(login_pattern "$name")" <<<"$logged" || { [[ $name == *-apop ]] && grep -q ', TLS' <<<"$logged"; }; then
    fail "$name: Dovecot logged the login as: ${logged:-nothing}"
    return
  fi
  pass "$name: $MESSAGES messages, $bytes bytes, identical to Dovecot's; Dovecot: $(grep -oE 'method=[A-Z]+' <<<"$logged")$(grep -q ', TLS' <<<"$logged" && echo ', TLS') ($((SECONDS - started)) s)"
}

mailshim_session_modes() { echo apop tls stls; }

# Wine ends its system processes, services included, a few seconds after the last ordinary Wine process has
# exited (seen here: the service died mid-RETR and came back at the next wine command). Windows keeps a service
# running with nobody logged on; while the proof talks to the service a cmd.exe reading a pipe plays the
# logged-on user.
start_keeper() {
  rm -f "$OUT/keeper"
  mkfifo "$OUT/keeper"
  wine cmd <"$OUT/keeper" >/dev/null 2>&1 &
  PIDS+=($!)
  exec 9>"$OUT/keeper"
}
# Closing the pipe ends cmd.exe when it is the only reader; when the keeper was the prefix's first Wine process
# it was seen to stay, so it is also ended the Windows way (it is this prefix's only cmd.exe).
stop_keeper() {
  exec 9>&-
  "$WINE" taskkill /F /IM cmd.exe >/dev/null 2>&1
}

# --- 1. the Windows tests --------------------------------------------------------------------------------
step "fresh Wine prefix"
wine wineboot -i >"$OUT/wineboot.log" 2>&1
"$WINESERVER" -w
wine cmd /c ver 2>/dev/null | tr -d '\r' | grep . | sed 's/^/  /'

step "cross-built Windows tests under Wine"
for test in "$BUILD"/tests/windows/tst_*.exe; do
  name=$(basename "$test" .exe)
  wine "$test" -o "Z:$OUT/$name.txt,txt" >"$OUT/$name.stdout" 2>&1
  code=$?
  sed 's/^/  /' "$OUT/$name.txt"
  totals=$(grep '^Totals' "$OUT/$name.txt")
  if [[ $code -eq 0 && -n $totals ]]; then pass "$name: $totals"; else fail "$name (exit $code): $totals"; fi
done

# --- 2. install ------------------------------------------------------------------------------------------
step "silent install: $SETUP /S"
wine "$SETUP" /S
code=$?
"$WINESERVER" -w
if [[ $code -eq 0 && -f $INSTALL_DIR/mailshim.exe && -f $INSTALL_DIR/mailshim-service.exe && \
      -f $WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start\ Menu/Programs/MailShim.lnk ]]; then
  pass "installed into C:\\Program Files\\MailShim: $(cd "$INSTALL_DIR" && echo *), Start menu entry"
else
  fail "silent install (exit $code): $(ls "$INSTALL_DIR" 2>&1)"
fi
wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\MailShim' 2>/dev/null | tr -d '\r' | grep . | sed 's/^/  /'
# What the installer put into Program Files is what build-app.sh signed: both programs and the uninstaller (written
# by Setup itself, signed before it was packed) carry their manifest and a signature osslsigncode verifies.
export MAILSHIM_SIGN_DIR=${MAILSHIM_SIGN_DIR:-$ROOT/$BUILD/signing}
if installer/windows/check-binaries.sh "$INSTALL_DIR/mailshim.exe" "$INSTALL_DIR/mailshim-service.exe" \
     "$INSTALL_DIR/uninstall.exe" >"$OUT/check-binaries.log" 2>&1; then
  sed 's/^/  /' "$OUT/check-binaries.log"
  pass "installed files: mailshim.exe, mailshim-service.exe and uninstall.exe carry their manifests and verified Authenticode signatures"
else
  sed 's/^/  /' "$OUT/check-binaries.log"
  fail "installed files: manifest or signature check failed (check-binaries.log)"
fi

# --- 3. the real Dovecot and MailShim in console mode ----------------------------------------------------
step "test Dovecot on loopback"
"$DOVECOT_SERVE" "$OUT/dovecot" >"$OUT/dovecot.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do grep -q ready "$OUT/dovecot.out" 2>/dev/null && break; sleep 0.5; done
if ! grep -q ready "$OUT/dovecot.out"; then
  fail "the test Dovecot did not start: $(cat "$OUT/dovecot.out")"
  exit 1
fi
# shellcheck source=/dev/null
source "$OUT/dovecot/fixture.env"
echo "  POP3 $POP3_PORT, POP3S $POP3S_PORT, CA $CA_FILE, $MESSAGES messages for $MAIL_USER"

step "test Postfix (with a Dovecot of its own) on loopback"
"$POSTFIX_SERVE" "$OUT/postfix" >"$OUT/postfix.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 90); do grep -q ready "$OUT/postfix.out" 2>/dev/null && break; sleep 0.5; done
if grep -q ready "$OUT/postfix.out"; then
  # In a subshell: its names (HOST, CA_FILE, ...) must not replace the Dovecot's.
  read -r SMTPS_PORT SUBMISSION_PORT SMTP_USER SMTP_PASSWORD RCPT_USER RCPT_PASSWORD DOMAIN PF_POP3_PORT PF_TLS_NAME \
    PF_CA_FILE MAILLOG < <(source "$OUT/postfix/fixture.env" && echo "$SMTPS_PORT $SUBMISSION_PORT $SMTP_USER" \
      "$SMTP_PASSWORD $RCPT_USER $RCPT_PASSWORD $DOMAIN $POP3_PORT $TLS_NAME $CA_FILE $MAILLOG")
  echo "  SMTPS $SMTPS_PORT, submission $SUBMISSION_PORT, mail for $RCPT_USER@$DOMAIN read back on POP3 $PF_POP3_PORT"
else
  fail "the test Postfix did not start: $(tail -c 600 "$OUT/postfix.out")"
fi

read -r APOP_PORT TLS_PORT STLS_PORT STORED_PORT SMTP_TLS_PORT SMTP_STARTTLS_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
# Upstreams by name (localhost) so the TLS modes check the certificate's name; the CA is the fixture's.
cat >"$OUT/mailshim.json" <<JSON
{ "listeners": [
    { "name": "apop", "listen": "127.0.0.1:$APOP_PORT",
      "upstream": { "host": "$HOST", "port": $POP3_PORT, "security": "apop" } },
    { "name": "tls", "listen": "127.0.0.1:$TLS_PORT",
      "upstream": { "host": "$TLS_NAME", "port": $POP3S_PORT, "security": "tls", "caFile": "Z:$CA_FILE" } },
    { "name": "stls", "listen": "127.0.0.1:$STLS_PORT",
      "upstream": { "host": "$TLS_NAME", "port": $POP3_PORT, "security": "stls", "caFile": "Z:$CA_FILE" } } ],
  "logLevel": "low" }
JSON
mkdir -p "$OUT/mail"

step "mailshim-service.exe --console (listeners apop $APOP_PORT, tls $TLS_PORT, stls $STLS_PORT)"
wine "$SERVICE_EXE" --console --config "Z:$OUT/mailshim.json" >"$OUT/console.log" 2>&1 &
CONSOLE_PID=$!
PIDS+=($CONSOLE_PID)
if wait_for_ports 60 "$APOP_PORT" "$TLS_PORT" "$STLS_PORT"; then
  for mode in $(mailshim_session_modes); do
    port_var="${mode^^}_PORT"
    read_and_compare "console-$mode" "${!port_var}"
  done
else
  fail "console: the listeners did not open within 60 s"
fi
# Killing the wine64 loader would leave the Windows process running: end it the Windows way.
wine taskkill /F /IM mailshim-service.exe >/dev/null 2>&1
wait "$CONSOLE_PID" 2>/dev/null
grep -E "TLS|APOP|listen|warn" "$OUT/console.log" | head -12 | sed 's/^/  log: /'
if grep -qi "secret" "$OUT/console.log"; then fail "the console log contains the password"; fi

# The stored-password flow (issue 16, item 3): the password goes to the running service over its control channel
# (the tray's listener editor does the same through RemoteCredentialStore), the service keeps it in its own
# DPAPI-protected file, and a client that sends a dummy password reads every message through the storedPassword
# listener.
stored_password_through_service() {
  local account="$MAIL_USER@$TLS_NAME:$POP3S_PORT" file
  # Before: a dummy password reaches Dovecot, which refuses it (nothing is stored yet). Another dummy than the one
  # below: the engine checks its failed-account mark with the client's password before it looks up the stored one,
  # so the same dummy would be turned away for failedAccountRetrySeconds.
  if python3 tests/support/popclient.py --host 127.0.0.1 --port "$STORED_PORT" --user "$MAIL_USER" \
       --password not-the-password-either --timeout 60 stat >"$OUT/mail/stored-before.out" 2>&1; then
    fail "service-stored: a dummy password logged in before any password was stored"
  fi
  printf '%s\n' "$MAIL_PASSWORD" | timeout 60 "$WINE" "$SERVICE_EXE" --set-password "$account" \
    >"$OUT/service--set-password.log" 2>&1
  local code=$?
  sed 's/^/  /' "$OUT/service--set-password.log" | tr -d '\r'
  if [[ $code -ne 0 ]]; then
    fail "service: --set-password $account exited $code"
    return
  fi
  # Where the service found ProgramData (SHGetKnownFolderPath; a Wine service's %ProgramData% was C:\users\Public).
  file=$(ls "$WINEPREFIX"/drive_c/{ProgramData,users/Public}/MailShim/passwords/passwords.json 2>/dev/null | head -1)
  if [[ ! -s $file ]] || grep -q -- "$MAIL_PASSWORD" "$file" || \
     grep -q -- "$(printf '%s' "$MAIL_PASSWORD" | base64)" "$file"; then
    fail "service: the password file $file is missing or holds the password: $(head -c 300 "$file" 2>&1)"
    return
  fi
  pass "service: --set-password handed the password to the service over its control pipe; it keeps a DPAPI blob in ${file#"$WINEPREFIX"/drive_c/} ($(stat -c %s "$file") bytes, no password in it)"
  read_and_compare "service-stored" "$STORED_PORT" not-the-password
}

# Sends a message through the service's SMTP listener on $2 with Python's smtplib (AUTH with the Postfix account)
# and reads it back from the Dovecot Postfix delivers into; it must arrive as sent, with only Postfix's trace
# headers in front. $1 names the run.
smtp_through_service() {
  local mode port dir message n
  if [[ -z ${SMTPS_PORT:-} ]]; then
    notrun "service: SMTP (no test Postfix)"
    return
  fi
  mkdir -p "$OUT/smtp"
  for mode in tls starttls; do
    port_var="SMTP_${mode^^}_PORT"
    port=${!port_var}
    message="$OUT/smtp/sent-$mode.eml"
    # CRLF lines, a line that is only a dot and lines that start with one (dot-stuffing), 8-bit text, ~200 KB.
    python3 - "$message" "$mode" <<'PY'
import sys, os
mode = sys.argv[2]
lines = [b"From: alice@example.org", b"To: bob@example.org", b"Subject: through mailshim-service.exe, " + mode.encode(),
         b"Message-ID: <wine-proof-" + mode.encode() + b"-" + os.urandom(6).hex().encode() + b"@example.org>",
         b"MIME-Version: 1.0", b"Content-Type: text/plain; charset=utf-8", b"Content-Transfer-Encoding: 8bit", b"",
         "MailShim の SMTP リスナー (Wine)".encode(), b".", b"..two dots", b".leading dot", b""]
lines += [b"line %05d " % i + b"x" * 60 for i in range(3000)]
open(sys.argv[1], "wb").write(b"\r\n".join(lines) + b"\r\n")
PY
    python3 tests/support/smtpclient.py --host 127.0.0.1 --port "$port" --mode plain --user "$SMTP_USER" \
      --password "$SMTP_PASSWORD" --from "$SMTP_USER@$DOMAIN" --to "$RCPT_USER@$DOMAIN" --message "$message" \
      --timeout 120 >"$OUT/smtp/send-$mode.out" 2>&1
    if ! grep -q '"ok": true' "$OUT/smtp/send-$mode.out"; then
      fail "service-smtp-$mode: smtplib through 127.0.0.1:$port: $(tail -c 400 "$OUT/smtp/send-$mode.out")"
      continue
    fi
  done
  # Postfix delivers by LMTP into Dovecot; read the recipient's mailbox back directly and find each message.
  local found=0
  for _ in $(seq 60); do
    rm -rf "$OUT/smtp/received"
    n=$(python3 tests/support/popclient.py --host 127.0.0.1 --port "$PF_POP3_PORT" --user "$RCPT_USER" \
          --password "$RCPT_PASSWORD" --timeout 60 retr-all "$OUT/smtp/received" 2>"$OUT/smtp/received.err")
    [[ ${n:-0} -ge 2 ]] && { found=1; break; }
    sleep 0.5
  done
  [[ $found -eq 1 ]] || { fail "service-smtp: Postfix did not deliver both messages: $(tail -c 400 "$MAILLOG")"; return; }
  for mode in tls starttls; do
    if python3 - "$OUT/smtp/sent-$mode.eml" "$OUT/smtp/received" <<'PY'
import os, re, sys
sent = open(sys.argv[1], "rb").read()
trace = re.compile(rb"^(Return-Path|Delivered-To|Received):|^[ \t]")
for name in os.listdir(sys.argv[2]):
    got = open(os.path.join(sys.argv[2], name), "rb").read()
    if got.endswith(sent):
        front = got[:len(got) - len(sent)]
        if all(trace.match(line) for line in front.split(b"\r\n") if line):
            sys.exit(0)
        print("extra header lines in front: %r" % front[:300])
        sys.exit(1)
print("no delivered message ends with the one sent")
sys.exit(1)
PY
    then
      pass "service-smtp-$mode: a $(stat -c %s "$OUT/smtp/sent-$mode.eml")-byte message sent with smtplib through mailshim-service.exe (upstream $mode to Postfix) arrived byte for byte in Dovecot"
    else
      fail "service-smtp-$mode: the delivered message differs from the one sent"
    fi
  done
  grep -E "sasl_username=$SMTP_USER" "$MAILLOG" | tail -2 | sed 's/^/  postfix: /'
}

# --- 4. the Windows service ------------------------------------------------------------------------------
step "the Windows service through Wine's service manager"
# Asked of the binary, not of --help: Qt 6.4 shows --help in a message box when there is no console window,
# which is how Wine starts a console program whose output goes to a pipe.
if ! strings -el "$INSTALL_DIR/mailshim-service.exe" | grep -x 'install' >/dev/null; then
  notrun "service: mailshim-service.exe has no --install verb yet (issue #5's main.cpp)"
else
  start_keeper
  PROGRAMDATA_DIR="$WINEPREFIX/drive_c/ProgramData/MailShim"
  mkdir -p "$PROGRAMDATA_DIR"
  # The service gets three listeners more: POP3 with storedPassword (the password comes from the service's own
  # store, set over the control channel below), and SMTP to the real Postfix over implicit TLS and STARTTLS.
  python3 - "$OUT/mailshim.json" "$PROGRAMDATA_DIR/mailshim.json" <<PY
import json, sys
config = json.load(open(sys.argv[1]))
config["listeners"] += [
    {"name": "stored", "listen": "127.0.0.1:$STORED_PORT", "storedPassword": True,
     "upstream": {"host": "$TLS_NAME", "port": $POP3S_PORT, "security": "tls", "caFile": "Z:$CA_FILE"}},
    {"name": "smtp-tls", "protocol": "smtp", "listen": "127.0.0.1:$SMTP_TLS_PORT",
     "upstream": {"host": "${PF_TLS_NAME:-localhost}", "port": ${SMTPS_PORT:-465}, "security": "tls",
                  "caFile": "Z:${PF_CA_FILE:-$CA_FILE}"}},
    {"name": "smtp-starttls", "protocol": "smtp", "listen": "127.0.0.1:$SMTP_STARTTLS_PORT",
     "upstream": {"host": "${PF_TLS_NAME:-localhost}", "port": ${SUBMISSION_PORT:-587}, "security": "starttls",
                  "caFile": "Z:${PF_CA_FILE:-$CA_FILE}"}}]
json.dump(config, open(sys.argv[2], "w"), indent=2)
PY
  service_ok=1
  for verb in --install --start --status; do
    timeout 120 "$WINE" "$SERVICE_EXE" $verb >"$OUT/service$verb.log" 2>&1
    code=$?
    sed 's/^/  /' "$OUT/service$verb.log" | tr -d '\r'
    [[ $code -eq 0 ]] || { fail "service: mailshim-service.exe $verb exited $code"; service_ok=0; break; }
  done
  # --status reached the service over its control pipe (its own security descriptor, the token check, the
  # client's check of the serving process; tst_controlpipe covers them one by one).
  if [[ $service_ok -eq 1 ]]; then
    if grep -q 'control channel .*MailShim-service: MailShim' "$OUT/service--status.log"; then
      pass "service: --status attached to the service's control pipe: $(grep -o 'control channel .*' "$OUT/service--status.log" | tr -d '\r')"
    else
      fail "service: --status did not reach the service's control pipe"
    fi
  fi
  wine sc query MailShim 2>/dev/null | tr -d '\r' | grep -E "STATE|SERVICE_NAME" | sed 's/^/  sc: /'
  wine sc qc MailShim 2>/dev/null | tr -d '\r' | grep -E "START_TYPE|BINARY_PATH|DEPENDENCIES|SERVICE_START_NAME" | sed 's/^/  sc: /'
  if [[ $service_ok -eq 1 ]]; then
    if wait_for_ports 60 "$APOP_PORT" "$TLS_PORT" "$STLS_PORT" "$STORED_PORT" "$SMTP_TLS_PORT" "$SMTP_STARTTLS_PORT"; then
      for mode in $(mailshim_session_modes); do
        port_var="${mode^^}_PORT"
        read_and_compare "service-$mode" "${!port_var}"
      done
      stored_password_through_service
      smtp_through_service
    else
      fail "service: the listeners did not open within 60 s"
    fi
    if grep -rqi -- "$MAIL_PASSWORD" "$WINEPREFIX"/drive_c/{ProgramData,users/Public}/MailShim/logs 2>/dev/null; then fail "the service's log contains the password"; fi
    if timeout 120 "$WINE" "$SERVICE_EXE" --stop >"$OUT/service--stop.log" 2>&1 && ! wait_for_ports 5 "$APOP_PORT"; then
      pass "service: --stop closed the listeners"
    else
      fail "service: --stop: $(cat "$OUT/service--stop.log")"
    fi
  fi
  stop_keeper
fi

# --- 5. the tray program ---------------------------------------------------------------------------------
# Screenshots of the screen with just this one window on it.
shot() { import -display "$DISPLAY" -window root "$OUT/screenshots/$1.png" && echo "  $OUT/screenshots/$1.png"; }
# Whether a window with exactly this title is mapped (viewable) on our display.
window_shown() {
  xwininfo -display "$DISPLAY" -root -tree | grep -F "\"$1\":" | while read -r id _; do
    xwininfo -display "$DISPLAY" -id "$id" | grep -q 'Map State: IsViewable' && echo yes
  done | grep -q yes
}

step "mailshim.exe under Xvfb: main window"
# The tray program runs its own engine with the same listeners (the service is stopped by now).
mkdir -p "$OUT/gui"
cp "$OUT/mailshim.json" "$OUT/gui/mailshim.json"
wine "$TRAY_EXE" --config "Z:$OUT/gui/mailshim.json" >"$OUT/tray.log" 2>&1 &
TRAY_PID=$!
PIDS+=($TRAY_PID)
if wait_for_ports 60 "$APOP_PORT" "$TLS_PORT" "$STLS_PORT"; then
  # One session per listener so the table shows live counters and "last connection".
  for mode in $(mailshim_session_modes); do
    port_var="${mode^^}_PORT"
    python3 tests/support/popclient.py --host 127.0.0.1 --port "${!port_var}" --user "$MAIL_USER" \
      --password "$MAIL_PASSWORD" stat >>"$OUT/gui/stat.out" 2>&1
  done
  sleep 3
  shot main-window
  if window_shown "MailShim"; then
    pass "tray program: main window shown with three listeners up (screenshot main-window.png)"
  else
    fail "tray program: no main window on the screen"
  fi
else
  shot main-window-failed
  fail "tray program: its listeners did not open within 60 s"
fi
wine taskkill /F /IM mailshim.exe >/dev/null 2>&1
wait "$TRAY_PID" 2>/dev/null
"$WINESERVER" -w

# The first start (no settings file yet) opens the setup wizard over the main window; in Japanese when
# Windows' language is (Wine takes it from LC_ALL).
for lang in en ja; do
  step "mailshim.exe under Xvfb: setup wizard (first start, $lang)"
  locale=C.UTF-8
  [[ $lang == ja ]] && locale=ja_JP.UTF-8
  LC_ALL=$locale LANG=$locale "$WINE" "$TRAY_EXE" --config "Z:$OUT/gui/first-start-$lang.json" \
    >"$OUT/tray-wizard-$lang.log" 2>&1 &
  TRAY_PID=$!
  PIDS+=($TRAY_PID)
  sleep 12
  name=setup-wizard title="MailShim setup"
  [[ $lang == ja ]] && name=setup-wizard-ja title="MailShim セットアップ"
  shot $name
  if window_shown "$title"; then
    pass "tray program: first start opens the setup wizard \"$title\" (screenshot $name.png)"
  else
    fail "tray program: no \"$title\" window on the first start"
  fi
  wine taskkill /F /IM mailshim.exe >/dev/null 2>&1
  wait "$TRAY_PID" 2>/dev/null
  "$WINESERVER" -w
done

# --- 6. update, then uninstall ---------------------------------------------------------------------------
step "update: $SETUP /S over the installation, whose service is installed"
start_keeper
wine "$SETUP" /S
code=$?
timeout 120 "$WINE" "$SERVICE_EXE" --status >"$OUT/update-status.log" 2>&1
status=$?
sed 's/^/  /' "$OUT/update-status.log" | tr -d '\r'
if [[ $code -eq 0 && $status -eq 0 ]] && wait_for_ports 60 "$APOP_PORT" "$TLS_PORT" "$STLS_PORT"; then
  pass "update: Setup /S over the installation kept the service, installed again and running"
else
  fail "update: Setup exited $code, --status exited $status (0: running)"
fi
stop_keeper


step "silent uninstall"
wine "$INSTALL_DIR/uninstall.exe" /S
# The uninstaller runs on from a temporary copy of itself.
for _ in $(seq 60); do [[ -e $INSTALL_DIR ]] || break; sleep 0.5; done
"$WINESERVER" -w
left=$(ls -A "$WINEPREFIX/drive_c/Program Files/")
echo "  C:\\Program Files now holds: $(echo $left)"
start_menu="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/MailShim.lnk"
if [[ ! -e $INSTALL_DIR && ! -e $start_menu ]] && \
   ! wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\MailShim' >/dev/null 2>&1; then
  pass "uninstalled: no MailShim in Program Files, no Start menu entry, no Uninstall key"
else
  fail "uninstall left: $(ls -A "$INSTALL_DIR" 2>&1) $(ls "$start_menu" 2>&1)"
fi
if wine reg query 'HKLM\System\CurrentControlSet\Services\MailShim' >/dev/null 2>&1; then
  fail "the MailShim service is still registered after uninstall"
else
  pass "uninstalled: the MailShim service is no longer registered"
fi
# Silent uninstall answers "keep" to "remove settings?": the service's config stays for a reinstall.
echo "  kept (settings): $(cd "$WINEPREFIX/drive_c" && ls -d ProgramData/MailShim/* users/*/MailShim/* 2>/dev/null | tr '\n' ' ')"

echo
echo "== Wine proof summary ($(( $(date +%s) - START )) s; output in $OUT)"
printf '  %s\n' "${RESULTS[@]}"
exit $FAILED
