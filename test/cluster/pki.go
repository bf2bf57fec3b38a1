package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/csv"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Users of the static token file; their tokens are generated once per data dir.
const (
	userAdmin  = "admin"
	userViewer = "viewer"
	userTeam   = "team"
)

var userNames = []string{userAdmin, userViewer, userTeam}

// pkiFiles are the paths of the generated credentials plus the values clients need.
type pkiFiles struct {
	caCert, caKey        string
	servingCert, servKey string
	saKey, saPub         string
	tokenFile            string
	caPEM                []byte
	tokens               map[string]string
}

// ensurePKI loads the CA, serving certificate, service-account key pair and token file from dir,
// creating whatever is missing, so that a restart on the same data dir keeps its kubeconfig valid.
func ensurePKI(dir string) (*pkiFiles, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &pkiFiles{
		caCert:      filepath.Join(dir, "ca.crt"),
		caKey:       filepath.Join(dir, "ca.key"),
		servingCert: filepath.Join(dir, "apiserver.crt"),
		servKey:     filepath.Join(dir, "apiserver.key"),
		saKey:       filepath.Join(dir, "sa.key"),
		saPub:       filepath.Join(dir, "sa.pub"),
		tokenFile:   filepath.Join(dir, "tokens.csv"),
	}
	if !allExist(p.caCert, p.caKey, p.servingCert, p.servKey) {
		if err := writeCertificates(p); err != nil {
			return nil, err
		}
	}
	if !allExist(p.saKey, p.saPub) {
		if err := writeServiceAccountKeys(p); err != nil {
			return nil, err
		}
	}
	if !allExist(p.tokenFile) {
		if err := writeTokens(p.tokenFile); err != nil {
			return nil, err
		}
	}
	var err error
	if p.caPEM, err = os.ReadFile(p.caCert); err != nil {
		return nil, err
	}
	if p.tokens, err = readTokens(p.tokenFile); err != nil {
		return nil, err
	}
	return p, nil
}

func allExist(paths ...string) bool {
	for _, path := range paths {
		if _, err := os.Stat(path); err != nil {
			return false
		}
	}
	return true
}

func writeCertificates(p *pkiFiles) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now().Add(-time.Hour)
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mesh-test-ca"},
		NotBefore:             now,
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	servKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	servTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "kube-apiserver"},
		NotBefore:    now,
		NotAfter:     now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{
			"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local",
		},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback, net.IPv4(10, 96, 0, 1)},
	}
	servDER, err := x509.CreateCertificate(rand.Reader, servTmpl, caCert, &servKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	if err := writePEM(p.caCert, "CERTIFICATE", caDER); err != nil {
		return err
	}
	if err := writeECKey(p.caKey, caKey); err != nil {
		return err
	}
	if err := writePEM(p.servingCert, "CERTIFICATE", servDER); err != nil {
		return err
	}
	return writeECKey(p.servKey, servKey)
}

func writeServiceAccountKeys(p *pkiFiles) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	if err := writeECKey(p.saKey, key); err != nil {
		return err
	}
	return writePEM(p.saPub, "PUBLIC KEY", pub)
}

func writeECKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return writePEM(path, "EC PRIVATE KEY", der)
}

func writePEM(path, blockType string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}), 0o600)
}

// writeTokens writes kube-apiserver's --token-auth-file: token,user,uid,"group1,group2".
func writeTokens(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	for _, user := range userNames {
		raw := make([]byte, 24)
		if _, err := rand.Read(raw); err != nil {
			f.Close()
			return err
		}
		record := []string{hex.EncodeToString(raw), user, user + "-uid"}
		if user == userAdmin {
			record = append(record, "system:masters")
		}
		if err := w.Write(record); err != nil {
			f.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readTokens(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	tokens := map[string]string{}
	for _, rec := range records {
		if len(rec) >= 2 {
			tokens[rec[1]] = rec[0]
		}
	}
	for _, user := range userNames {
		if tokens[user] == "" {
			return nil, fmt.Errorf("%s has no token for %s", path, user)
		}
	}
	return tokens, nil
}
