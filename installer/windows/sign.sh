#!/usr/bin/env bash
# Authenticode signatures for MailShim's Windows files, with osslsigncode (SHA-256 only).
#
#   installer/windows/sign.sh sign <file.exe> [<copy.exe>]   sign the file in place (and copy the signed file)
#   installer/windows/sign.sh verify <file.exe>...           osslsigncode verify each file; exit 1 if one fails
#
# build-app.sh signs mailshim.exe and mailshim-service.exe (stripped, in the stage folder) and the installer;
# mailshim.nsi signs the uninstaller with it (!uninstfinalize) before it is packed into the installer.
#
# Which certificate (the environment; makensis passes it on to the uninstaller's signing):
#   MAILSHIM_SIGN_PFX            a real code-signing certificate: PKCS#12 file with the key and the chain
#   MAILSHIM_SIGN_PASSWORD_FILE  a file holding that PFX's password (read by osslsigncode -readpass; the password is
#                                never on a command line or in a log)
#   MAILSHIM_SIGN_CAFILE         the roots `verify` checks against (default: the throwaway test CA; with a real
#                                certificate, Debian's /etc/ssl/certs/ca-certificates.crt)
#   MAILSHIM_SIGN_TIMESTAMP_URL  an RFC 3161 timestamp server (optional; none by default: CI has no network)
#   MAILSHIM_SIGN_DIR            where the throwaway test CA and certificate live (required without
#                                MAILSHIM_SIGN_PFX; build-app.sh: build/win64/signing, never committed)
# Without MAILSHIM_SIGN_PFX a test CA and a code-signing certificate it issued (RSA 3072, extendedKeyUsage
# codeSigning) are made in MAILSHIM_SIGN_DIR the first time and used: Windows trusts neither, they only prove that
# the signing and its verification work.
set -euo pipefail

die() { echo "sign.sh: $*" >&2; exit 1; }
command -v osslsigncode >/dev/null || die "osslsigncode missing: run sudo scripts/setup-debian.sh --windows"
command -v openssl >/dev/null || die "openssl missing"

real_certificate() { [[ -n ${MAILSHIM_SIGN_PFX:-} ]]; }

# The throwaway test CA and code-signing certificate, made once per build folder (again when about to expire).
test_certificate() {
  local dir=${MAILSHIM_SIGN_DIR:?sign.sh: set MAILSHIM_SIGN_DIR (the test certificate folder) or MAILSHIM_SIGN_PFX}
  if [[ -s $dir/code.pem && -s $dir/code.key && -s $dir/ca.pem ]] &&
     openssl x509 -checkend 86400 -noout -in "$dir/code.pem" >/dev/null; then
    return
  fi
  mkdir -p "$dir"
  chmod 700 "$dir"
  (
    umask 077
    cd "$dir"
    rm -f ca.key ca.pem code.key code.csr code.pem
    openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 365 -keyout ca.key -out ca.pem \
      -subj "/O=MailShim build/CN=MailShim TEST code-signing CA (not trusted)" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -addext "subjectKeyIdentifier=hash" 2>/dev/null
    openssl req -new -newkey rsa:3072 -sha256 -nodes -keyout code.key -out code.csr \
      -subj "/O=MailShim build/CN=MailShim TEST code signing (not trusted)" 2>/dev/null
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=codeSigning" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >code.ext
    openssl x509 -req -sha256 -days 180 -in code.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
      -extfile code.ext -out code.pem 2>/dev/null
    rm -f code.csr code.ext ca.srl
  ) || die "could not make the test certificate in $dir"
  echo "sign.sh: made a throwaway test CA and code-signing certificate in $dir"
}

ca_file() {
  if [[ -n ${MAILSHIM_SIGN_CAFILE:-} ]]; then
    echo "$MAILSHIM_SIGN_CAFILE"
  elif real_certificate; then
    echo /etc/ssl/certs/ca-certificates.crt
  else
    echo "${MAILSHIM_SIGN_DIR:?sign.sh: set MAILSHIM_SIGN_DIR or MAILSHIM_SIGN_PFX}/ca.pem"
  fi
}

sign() {
  local file=$1 copy=${2:-} key=() what
  [[ -f $file ]] || die "no file $file"
  if real_certificate; then
    [[ -r $MAILSHIM_SIGN_PFX ]] || die "MAILSHIM_SIGN_PFX: cannot read $MAILSHIM_SIGN_PFX"
    [[ -r ${MAILSHIM_SIGN_PASSWORD_FILE:-} ]] ||
      die "MAILSHIM_SIGN_PFX needs MAILSHIM_SIGN_PASSWORD_FILE, a readable file holding its password"
    key=(-pkcs12 "$MAILSHIM_SIGN_PFX" -readpass "$MAILSHIM_SIGN_PASSWORD_FILE")
    what="the certificate in $MAILSHIM_SIGN_PFX"
  else
    test_certificate
    key=(-certs "$MAILSHIM_SIGN_DIR/code.pem" -key "$MAILSHIM_SIGN_DIR/code.key")
    what="the throwaway TEST certificate"
  fi
  if [[ -n ${MAILSHIM_SIGN_TIMESTAMP_URL:-} ]]; then
    key+=(-ts "$MAILSHIM_SIGN_TIMESTAMP_URL")
    what+=", timestamped by $MAILSHIM_SIGN_TIMESTAMP_URL"
  fi
  rm -f "$file.signed"
  if ! osslsigncode sign -h sha256 -n "MailShim" "${key[@]}" -in "$file" -out "$file.signed" >"$file.sign.log" 2>&1; then
    cat "$file.sign.log" >&2
    rm -f "$file.signed"
    die "signing $file failed"
  fi
  rm -f "$file.sign.log"
  mv -f "$file.signed" "$file"
  if [[ -n $copy ]]; then cp -f "$file" "$copy"; fi
  echo "sign.sh: signed $file (SHA-256, $what)"
}

# Passes only if osslsigncode verifies the signature against the CA file and the digest is SHA-256.
verify() {
  local file=$1 ca out
  ca=$(ca_file)
  [[ -r $ca ]] || die "no CA file $ca to verify against"
  if ! out=$(osslsigncode verify -CAfile "$ca" -in "$file" 2>&1); then
    echo "$out" >&2
    die "osslsigncode verify FAILED for $file (CA file $ca)"
  fi
  if ! grep -qiE '^Message digest algorithm *: *SHA256' <<<"$out" || grep -qiE 'digest algorithm *: *(SHA1|MD5)' <<<"$out"; then
    echo "$out" >&2
    die "$file: the signature is not SHA-256 only"
  fi
  echo "sign.sh: verified $file: $(grep -m1 -iE '^[[:space:]]*Subject:' <<<"$out" | sed 's/^[[:space:]]*//'), SHA-256"
}

case ${1:-} in
  sign) [[ $# -ge 2 && $# -le 3 ]] || die "usage: sign.sh sign <file.exe> [<copy.exe>]"; sign "$2" "${3:-}" ;;
  verify) [[ $# -ge 2 ]] || die "usage: sign.sh verify <file.exe>..."; shift; for f in "$@"; do verify "$f"; done ;;
  *) die "usage: sign.sh sign <file.exe> [<copy.exe>] | sign.sh verify <file.exe>..." ;;
esac
