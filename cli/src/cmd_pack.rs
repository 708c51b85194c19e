//! `kimon pack` and `kimon unpack`: thin wrappers around
//! [`kimon_engine::package`].

use crate::args::{KeygenArgs, PackArgs, SignArgs, UnpackArgs};
use crate::exit::Exit;
use kimon_engine::package::{self, PackRequest, UnpackRequest};

pub fn pack(args: &PackArgs) -> Exit {
    let req = PackRequest {
        rulebook: args.rulebook.clone(),
        out: args.out.clone(),
        licence: args.licence.clone(),
        opts: args.access.options(),
    };
    match package::pack(&req) {
        Ok(packed) => {
            let mut text = String::new();
            if let Some(key) = &args.sign {
                match package::sign(&args.out, key) {
                    Ok(sig) => text.push_str(&format!("signature: {}\n", sig.display())),
                    Err(refused) => {
                        crate::print::diags(&refused.diags.items, &refused.sources);
                        eprintln!("{}: packed, but not signed", args.out.display());
                        return Exit::Findings;
                    }
                }
            }
            for f in &packed.manifest.files {
                text.push_str(&format!(
                    "{:<9} {} sha256 {}\n",
                    format!("{:?}", f.kind).to_lowercase(),
                    f.path,
                    f.sha256
                ));
            }
            text.push_str(&format!(
                "{}: {} file(s), {} bytes\n",
                args.out.display(),
                packed.manifest.files.len(),
                packed.bytes
            ));
            crate::print::stdout(&text)
        }
        Err(refused) => {
            crate::print::diags(&refused.diags.items, &refused.sources);
            eprintln!("{}: not packed", args.rulebook.display());
            Exit::Findings
        }
    }
}

pub fn unpack(args: &UnpackArgs) -> Exit {
    let req = UnpackRequest {
        package: args.package.clone(),
        into: args.into.clone(),
        force: args.force,
        keys: args.keys.clone(),
    };
    match package::unpack(&req) {
        Ok(done) => {
            let mut text = String::new();
            for path in &done.written {
                text.push_str(&format!("{}\n", path.display()));
            }
            let m = &done.manifest;
            let signed = match &done.signed_by {
                Some(name) => format!(", signed by „{name}“"),
                None => String::new(),
            };
            text.push_str(&format!(
                "{}: „{}“ version {} — every hash verified{signed}; check it with `kimon check {}`\n",
                args.package.display(),
                m.name,
                m.version.as_deref().unwrap_or("–"),
                args.into.join(&m.rulebook).display()
            ));
            crate::print::stdout(&text)
        }
        Err(refused) => {
            crate::print::diags(&refused.diags.items, &refused.sources);
            Exit::Findings
        }
    }
}

pub fn sign(args: &SignArgs) -> Exit {
    match package::sign(&args.package, &args.key) {
        Ok(sig) => crate::print::stdout(&format!("{}\n", sig.display())),
        Err(refused) => {
            crate::print::diags(&refused.diags.items, &refused.sources);
            Exit::Findings
        }
    }
}

pub fn keygen(args: &KeygenArgs) -> Exit {
    match package::keygen(&args.name, &args.out) {
        Ok(pair) => crate::print::stdout(&format!(
            "secret key: {} (keep it; never pack or send it)\npublic key: {}\n{}\n(the line above goes into the receivers' trusted keys file)\n",
            pair.secret.display(),
            pair.public.display(),
            pair.public_line
        )),
        Err(refused) => {
            crate::print::diags(&refused.diags.items, &refused.sources);
            Exit::Findings
        }
    }
}
