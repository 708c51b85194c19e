//! Detached ed25519 signatures of packages (`NAME.kimonpkg.sig`), and the
//! keys file an office trusts.
//!
//! A package's manifest proves that its files were not altered *after*
//! packing; a signature proves *who* packed it. The signer signs the
//! SHA-256 of the whole package (after a fixed domain prefix, so a
//! signature of something else can never pass as a package signature);
//! `kimon unpack --keys trusted-keys.txt` refuses a package whose
//! signature is missing, invalid or made with a key the file does not list.
//!
//! Formats (plain text, UTF-8):
//! - secret key (`kimon keygen --out KEY`): `kimon-ed25519-secret-key BASE64`
//!   (the 32-byte seed), comment lines with `#`; never packed or sent;
//! - public key (`KEY.pub`) and trusted keys file: one key per line,
//!   `BASE64 NAME` (the 32-byte public key, then the signer's name, which
//!   may contain spaces); `#` starts a comment line, blank lines are skipped;
//! - signature: the lines `kimon-signature 1`, `key BASE64`, `signature BASE64`.

use super::entry::refused;
use super::Refused;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const DOMAIN: &[u8] = b"kimon-package-signature-v1\n";
const SECRET_TAG: &str = "kimon-ed25519-secret-key";
const SIG_TAG: &str = "kimon-signature 1";
/// Largest key or signature file read (they are a few lines).
const MAX_TEXT: u64 = 64 << 10;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// The signature file that belongs to a package: `NAME.kimonpkg.sig`.
pub fn signature_path(package: &Path) -> PathBuf {
    let mut s = package.as_os_str().to_owned();
    s.push(".sig");
    PathBuf::from(s)
}

fn message(package: &[u8]) -> Vec<u8> {
    let mut m = DOMAIN.to_vec();
    m.extend_from_slice(&Sha256::digest(package));
    m
}

fn read_text(path: &Path, what: &str) -> Result<String, Box<Refused>> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| refused(&shown, format!("cannot read the {what}: {e}"), "check the path"))?;
    if !meta.is_file() || meta.len() > MAX_TEXT {
        return Err(
            refused(&shown, format!("the {what} is not a small regular file"), "check the path").into()
        );
    }
    std::fs::read_to_string(path)
        .map_err(|e| refused(&shown, format!("cannot read the {what}: {e}"), "check the path").into())
}

/// The public key line (`BASE64 NAME`) of a key pair.
#[derive(Debug)]
pub struct KeyPair {
    pub secret: PathBuf,
    pub public: PathBuf,
    pub public_line: String,
}

/// Creates a key pair: `out` (secret, readable by the owner only) and
/// `out.pub` (the line to add to the receivers' trusted keys file). Never
/// overwrites either file.
pub fn keygen(name: &str, out: &Path) -> Result<KeyPair, Box<Refused>> {
    let shown = out.display().to_string();
    let name = name.trim();
    if name.is_empty() || name.contains(['\n', '\r']) {
        return Err(refused(
            &shown,
            "the key needs a name on one line",
            "pass `--name \"Stadt Beispiel, Integrationsbüro\"`",
        )
        .into());
    }
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| refused(&shown, format!("no randomness from the system: {e}"), "try again"))?;
    let key = SigningKey::from_bytes(&seed);
    let public_line = format!("{} {name}", b64().encode(key.verifying_key().as_bytes()));
    let secret = format!(
        "# kimon signing key (ed25519) of „{name}“ — keep it secret; never pack, publish or send it\n{SECRET_TAG} {}\n",
        b64().encode(seed)
    );
    let Some(file) = out.file_name() else {
        return Err(refused(&shown, "this is no file name", "pass `--out office.key`").into());
    };
    let public = out.with_file_name(format!("{}.pub", file.to_string_lossy()));
    write_new(out, secret.as_bytes(), true)?;
    if let Err(e) = write_new(&public, format!("{public_line}\n").as_bytes(), false) {
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    Ok(KeyPair { secret: out.to_path_buf(), public, public_line })
}

fn write_new(path: &Path, bytes: &[u8], private: bool) -> Result<(), Box<Refused>> {
    let shown = path.display().to_string();
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut f = opts.open(path).map_err(|e| {
        refused(
            &shown,
            format!("cannot create it: {e}"),
            "kimon never overwrites a key; choose a new file name",
        )
    })?;
    std::io::Write::write_all(&mut f, bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| refused(&shown, format!("cannot write it: {e}"), "check free space").into())
}

fn read_secret(path: &Path) -> Result<SigningKey, Box<Refused>> {
    let shown = path.display().to_string();
    let text = read_text(path, "secret key")?;
    let bad = || {
        Box::<Refused>::from(refused(
            &shown,
            "not a kimon secret key",
            "create one with `kimon keygen --name NAME --out KEYFILE`",
        ))
    };
    let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).ok_or_else(bad)?;
    let b = line.strip_prefix(SECRET_TAG).ok_or_else(bad)?.trim();
    let seed: [u8; 32] = b64().decode(b).ok().and_then(|v| v.try_into().ok()).ok_or_else(bad)?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Signs `package` with the secret key in `key`: writes `package.sig`
/// (atomically) and returns its path.
pub fn sign(package: &Path, key: &Path) -> Result<PathBuf, Box<Refused>> {
    let shown = package.display().to_string();
    let signing = read_secret(key)?;
    let bytes = std::fs::read(package)
        .map_err(|e| refused(&shown, format!("cannot read it: {e}"), "check the path"))?;
    let sig = signing.sign(&message(&bytes));
    let text = format!(
        "{SIG_TAG}\nkey {}\nsignature {}\n",
        b64().encode(signing.verifying_key().as_bytes()),
        b64().encode(sig.to_bytes())
    );
    let out = signature_path(package);
    crate::output::write_atomic(&out, text.as_bytes()).map_err(|e| {
        refused(&out.display().to_string(), format!("cannot write the signature: {e}"), "check the folder")
    })?;
    Ok(out)
}

/// One trusted key: its name and the line it stands on.
struct Trusted {
    key: VerifyingKey,
    name: String,
}

/// Reads the trusted keys file; a line that is not `BASE64 NAME` is an
/// error with its line number (a typo must not silently drop a key).
fn read_trusted(path: &Path) -> Result<Vec<Trusted>, Box<Refused>> {
    let shown = path.display().to_string();
    let text = read_text(path, "trusted keys file")?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let key = b64()
            .decode(k)
            .ok()
            .and_then(|v| <[u8; 32]>::try_from(v).ok())
            .and_then(|b| VerifyingKey::from_bytes(&b).ok());
        match key {
            Some(key) if !name.trim().is_empty() => out.push(Trusted { key, name: name.trim().to_string() }),
            _ => {
                return Err(refused(
                    &shown,
                    format!("line {} is not `PUBLIC-KEY NAME`: {line}", i + 1),
                    "each line holds a public key as `kimon keygen` writes it into `KEY.pub`, a space and the signer's name; `#` starts a comment",
                )
                .into())
            }
        }
    }
    Ok(out)
}

/// Verifies the detached signature of `bytes` (the package as read)
/// against the trusted keys; the signer's name if it holds.
pub fn verify(package: &Path, bytes: &[u8], keys: &Path) -> Result<String, Box<Refused>> {
    let shown = package.display().to_string();
    let trusted = read_trusted(keys)?;
    let sig_path = signature_path(package);
    if std::fs::symlink_metadata(&sig_path).is_err() {
        return Err(refused(
            &shown,
            format!("it has no signature (`{}` is missing)", sig_path.display()),
            "`--keys` accepts only signed packages: ask the sender to sign it (`kimon pack … --sign KEY` or `kimon sign`), or unpack without `--keys` after comparing its SHA-256 over a second channel",
        )
        .into());
    }
    let text = read_text(&sig_path, "signature")?;
    let bad = || {
        Box::<Refused>::from(refused(
            &shown,
            format!("`{}` is not a kimon signature", sig_path.display()),
            "ask the sender to sign the package again",
        ))
    };
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some(SIG_TAG) {
        return Err(bad());
    }
    let key_b = lines.next().and_then(|l| l.strip_prefix("key ")).ok_or_else(bad)?;
    let sig_b = lines.next().and_then(|l| l.strip_prefix("signature ")).ok_or_else(bad)?;
    let key_bytes: [u8; 32] =
        b64().decode(key_b.trim()).ok().and_then(|v| v.try_into().ok()).ok_or_else(bad)?;
    let sig_bytes: [u8; 64] =
        b64().decode(sig_b.trim()).ok().and_then(|v| v.try_into().ok()).ok_or_else(bad)?;
    let Some(signer) = trusted.iter().find(|t| t.key.as_bytes() == &key_bytes) else {
        return Err(refused(
            &shown,
            format!(
                "it is signed with a key that `{}` does not list ({})",
                keys.display(),
                b64().encode(key_bytes)
            ),
            "add the sender's public key to the trusted keys file only after confirming it with the sender over a second channel",
        )
        .into());
    };
    let sig = Signature::from_bytes(&sig_bytes);
    signer.key.verify(&message(bytes), &sig).map_err(|_| {
        refused(
            &shown,
            format!(
                "its signature by „{}“ does not match: the package was altered after it was signed",
                signer.name
            ),
            "ask the sender for a fresh package and signature",
        )
    })?;
    Ok(signer.name.clone())
}
