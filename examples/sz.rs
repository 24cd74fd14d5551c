fn main() {
    use cmo_promote::model::*;
    println!(
        "Op {} OpKind {} Change {} ChangeFields {} TestScript {} Step {}",
        std::mem::size_of::<Op>(),
        std::mem::size_of::<OpKind>(),
        std::mem::size_of::<Change>(),
        std::mem::size_of::<ChangeFields>(),
        std::mem::size_of::<TestScript>(),
        std::mem::size_of::<Step>()
    );
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let l = cmo_promote::store::Loaded::load(&path).unwrap();
    let s = &l.session;
    let mut counts = std::collections::BTreeMap::new();
    for op in s.history() {
        *counts
            .entry(
                format!("{:?}", op.kind)
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap()
                    .to_string(),
            )
            .or_insert(0) += 1;
    }
    println!("{counts:?}");
    println!(
        "history {} changes {} scripts {}",
        s.history().len(),
        s.changes().len(),
        s.scripts().len()
    );
}
