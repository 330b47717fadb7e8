//! Built-in mutants: deliberate, named bugs in a reference implementation, each tied to the
//! requirement it breaks. A suite that fails no vector against a mutant has a hole for that
//! requirement; `pushwake selftest` runs every suite against every mutant of its role.
//!
//! A protocol declares its mutants with [`mutants!`](crate::mutants): one list, from which the enum,
//! its registry ([`MutantInfo`] entries in a fixed order) and `from_name` are generated.

use serde::Serialize;

/// One entry of a mutant registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MutantInfo {
    /// Kebab-case name used in `reference:ROLE?mutant=NAME`.
    pub name: &'static str,
    /// The bug, in one sentence.
    pub description: &'static str,
    /// The requirement id (the protocol's requirement registry) the bug violates.
    pub requirement: &'static str,
}

/// Declares a mutant enum, its registry function and table.
#[macro_export]
macro_rules! mutants {
    ($(#[$meta:meta])* $vis:vis enum $ty:ident, $registry:ident, $table:ident {
        $($(#[$vmeta:meta])* $variant:ident => ($name:literal, $req:literal, $desc:literal),)+
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        $vis enum $ty {
            $($(#[$vmeta])* $variant,)+
        }

        const $table: &[$crate::mutant::MutantInfo] = &[
            $($crate::mutant::MutantInfo { name: $name, description: $desc, requirement: $req },)+
        ];

        impl $ty {
            /// Every mutant, in registry order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The registry entry of this mutant.
            pub fn info(self) -> &'static $crate::mutant::MutantInfo {
                match self {
                    $(Self::$variant => &$crate::mutant::MutantInfo { name: $name, description: $desc, requirement: $req },)+
                }
            }

            /// The kebab-case name.
            pub fn name(self) -> &'static str {
                self.info().name
            }

            /// Looks a mutant up by its registry name.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|m| m.name() == name)
            }
        }

        /// The registry, in a fixed order.
        pub fn $registry() -> &'static [$crate::mutant::MutantInfo] {
            $table
        }
    };
}
