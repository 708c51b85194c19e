//! `kimon pack` and `kimon unpack`: thin wrappers around
//! [`kimon_engine::package`].

use crate::args::{PackArgs, UnpackArgs};
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
    let req = UnpackRequest { package: args.package.clone(), into: args.into.clone(), force: args.force };
    match package::unpack(&req) {
        Ok(done) => {
            let mut text = String::new();
            for path in &done.written {
                text.push_str(&format!("{}\n", path.display()));
            }
            let m = &done.manifest;
            text.push_str(&format!(
                "{}: „{}“ version {} — every hash verified; check it with `kimon check {}`\n",
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
