#!/bin/sh
# Makes the key and trust stores of the TLS tests (TlsTest), checked in next to this script. Run it from this
# directory with the JDK's keytool. The certificates are self-signed, valid from 2000 to 2099 (so that a clock
# set wrong does not fail the tests). Every password: changeit.
#   localhost.p12  a server key, its certificate for localhost and 127.0.0.1 — in trust.p12
#   stranger.p12   a server key, its certificate for the same names — not in trust.p12 (untrusted)
#   elsewhere.p12  a server key, its certificate for elsewhere.invalid only — in trust.p12 (name mismatch)
#   trust.p12      the trust store the wire module's tests run with (javax.net.ssl.trustStore, see wire/pom.xml)
set -e
rm -f localhost.p12 stranger.p12 elsewhere.p12 trust.p12 localhost.crt elsewhere.crt
key() {
  keytool -genkeypair -alias server -keyalg RSA -keysize 2048 -sigalg SHA256withRSA \
    -startdate "2000/01/01 00:00:00" -validity 36500 \
    -dname "CN=$2, O=Ferry tests" -ext "SAN=$3" -keystore "$1" -storetype PKCS12 -storepass changeit
}
key localhost.p12 localhost "dns:localhost,ip:127.0.0.1"
key stranger.p12 "localhost, OU=stranger" "dns:localhost,ip:127.0.0.1"
key elsewhere.p12 elsewhere.invalid "dns:elsewhere.invalid"
keytool -exportcert -alias server -keystore localhost.p12 -storepass changeit -file localhost.crt
keytool -exportcert -alias server -keystore elsewhere.p12 -storepass changeit -file elsewhere.crt
keytool -importcert -noprompt -alias localhost -file localhost.crt -keystore trust.p12 -storetype PKCS12 -storepass changeit
keytool -importcert -noprompt -alias elsewhere -file elsewhere.crt -keystore trust.p12 -storetype PKCS12 -storepass changeit
rm -f localhost.crt elsewhere.crt
