//! `make demo`: codes for the sample partner list in three formats.

use promocode::{FormatOptions, Generator, Partner, Platform};

fn main() -> Result<(), promocode::Error> {
    let csv = include_str!("partners.csv");
    let partners: Vec<Partner> = csv
        .lines()
        .skip(1)
        .map(|line| {
            let mut cols = line.split(',').map(|c| Some(c.to_owned()).filter(|c| !c.is_empty()));
            Partner {
                name: cols.next().flatten(),
                surname: cols.next().flatten(),
                email: cols.next().flatten(),
                id: None,
            }
        })
        .collect();
    let formats = [
        ("name + discount 20", FormatOptions::new().name(true).discount(20.0)),
        (
            "PARTNER + name + 2 random, stripe",
            FormatOptions::new().prefix("PARTNER").name(true).random(2).platform(Platform::Stripe),
        ),
        (
            "name + surname + 15, woocommerce",
            FormatOptions::new().name(true).surname(true).discount(15.0).platform(Platform::WooCommerce),
        ),
    ];
    for (title, options) in formats {
        let fmt = options.build()?;
        println!("\n{title}  (entropy {:.1} bits)", fmt.entropy_bits());
        let gen = Generator::new(fmt, Some(7));
        for (p, code) in partners.iter().zip(gen.generate_all(&partners)) {
            let who = format!("{} {}", p.name.as_deref().unwrap_or(""), p.surname.as_deref().unwrap_or(""));
            match code {
                Ok(code) => println!("  {who:<28} {code}"),
                Err(e) => println!("  {who:<28} ({}: {e})", e.code()),
            }
        }
    }
    Ok(())
}
