//! PLACE and PLACE_PROVIDER (`shared/domain/ssda903.md` §4.1–4.2).

use super::{code_list, Validity};

const ALWAYS: Validity = Validity::ALWAYS;

code_list! {
    /// The placement type (column `PLACE`, validator rule 146).
    ///
    /// ```
    /// use sufficiency::codes::Place;
    /// assert_eq!(Place::K2.meaning(), "Children's home subject to Children's Homes Regulations");
    /// assert!(Place::T2.takes_no_provider());
    /// ```
    Place, "PLACE" {
        A3 = "A3", "Placed for adoption with parental consent, with current foster carer", ALWAYS;
        A4 = "A4", "Placed for adoption with parental consent, not with current foster carer", ALWAYS;
        A5 = "A5", "Placed for adoption under a placement order, with current foster carer", ALWAYS;
        A6 = "A6", "Placed for adoption under a placement order, not with current foster carer", ALWAYS;
        H5 = "H5", "Semi-independent living not subject to children's homes regulations", Validity::until(2025);
        K1 = "K1", "Secure children's home", ALWAYS;
        K2 = "K2", "Children's home subject to Children's Homes Regulations", ALWAYS;
        K3 = "K3", "Registered supported accommodation (ages 16 and over)", Validity::from(2025);
        P1 = "P1", "With own parent(s) or another person with parental responsibility", ALWAYS;
        P2 = "P2", "Independent living (flat, lodgings, bedsit, B&B, friends)", Validity::until(2025);
        P3 = "P3", "Residential employment", ALWAYS;
        R1 = "R1", "Residential care home", ALWAYS;
        R2 = "R2", "NHS / health trust or other medical or nursing establishment", ALWAYS;
        R3 = "R3", "Family centre or mother-and-baby unit", ALWAYS;
        R5 = "R5", "Young offender institution", ALWAYS;
        S1 = "S1", "Residential school (not dual-registered as a children's home)", ALWAYS;
        T0 = "T0", "Any temporary move", ALWAYS;
        T1 = "T1", "Temporary stay in hospital", ALWAYS;
        T2 = "T2", "Temporary absence: holiday", ALWAYS;
        T3 = "T3", "Temporary placement while the foster carer is on holiday", ALWAYS;
        T4 = "T4", "Temporary placement of 7 days or less, not T1 to T3", ALWAYS;
        U1 = "U1", "Foster with relatives or friends: long-term", ALWAYS;
        U2 = "U2", "Foster with relatives or friends: fostering for adoption or concurrent planning", ALWAYS;
        U3 = "U3", "Foster with relatives or friends: other", ALWAYS;
        U4 = "U4", "Foster with other carers: long-term", ALWAYS;
        U5 = "U5", "Foster with other carers: fostering for adoption or concurrent planning", ALWAYS;
        U6 = "U6", "Foster with other carers: other", ALWAYS;
        Z1 = "Z1", "Other placement", Validity::until(2025);
        Z11 = "Z11", "Other placement (Z11, DfE 2025/26 guide)", Validity::from(2026);
        Z12 = "Z12", "Other placement (Z12, DfE 2025/26 guide)", Validity::from(2026);
        Z13 = "Z13", "Other placement (Z13, DfE 2025/26 guide)", Validity::from(2026);
        Z14 = "Z14", "Other placement (Z14, DfE 2025/26 guide)", Validity::from(2026);
    }
}

impl Place {
    /// Placements that take no PLACE_PROVIDER or URN: T0–T3 and Z11–Z14
    /// (validator rules 178, 218, 222, 229; `ssda903.md` §4.1–4.2).
    ///
    /// ```
    /// use sufficiency::codes::Place;
    /// assert!(Place::T1.takes_no_provider()); // temporary stay in hospital
    /// // T4, a short temporary placement, is still somewhere with a provider.
    /// assert!(!Place::T4.takes_no_provider());
    /// ```
    pub const fn takes_no_provider(self) -> bool {
        matches!(
            self,
            Place::T0 | Place::T1 | Place::T2 | Place::T3 | Place::Z11 | Place::Z12 | Place::Z13 | Place::Z14
        )
    }

    /// Placements whose PLACE_PROVIDER may be blank: those that take none, T4
    /// (provider "not required", validator rule 213) and Z1 (no provider up to
    /// 2024/25, the validator's rule 178 for those years).
    ///
    /// ```
    /// use sufficiency::codes::Place;
    /// assert!(Place::Z1.provider_optional() && Place::T4.provider_optional());
    /// assert!(!Place::U4.provider_optional());
    /// ```
    pub const fn provider_optional(self) -> bool {
        self.takes_no_provider() || matches!(self, Place::T4 | Place::Z1)
    }

    /// Whether this is a temporary placement (T0–T4).
    ///
    /// ```
    /// use sufficiency::codes::Place;
    /// let temporary = Place::ALL.iter().filter(|p| p.is_temporary()).count();
    /// assert_eq!(temporary, 5); // T0, T1, T2, T3 and T4
    /// ```
    pub const fn is_temporary(self) -> bool {
        matches!(self, Place::T0 | Place::T1 | Place::T2 | Place::T3 | Place::T4)
    }
}

code_list! {
    /// Who provides the placement (column `PLACE_PROVIDER`, rule 178).
    ///
    /// ```
    /// use sufficiency::codes::PlaceProvider;
    /// assert!(PlaceProvider::PR1.is_own_authority());
    /// assert!(PlaceProvider::PR4.is_external());
    /// ```
    PlaceProvider, "PLACE_PROVIDER" {
        PR0 = "PR0", "Parent(s) or other person with parental responsibility", ALWAYS;
        PR1 = "PR1", "Own local authority provision", ALWAYS;
        PR2 = "PR2", "Another local authority's provision", ALWAYS;
        PR3 = "PR3", "Other public provision (e.g. NHS)", ALWAYS;
        PR4 = "PR4", "Private provision", ALWAYS;
        PR5 = "PR5", "Voluntary / third-sector provision", ALWAYS;
    }
}

impl PlaceProvider {
    /// The authority's own provision (PR1).
    ///
    /// ```
    /// use sufficiency::codes::PlaceProvider;
    /// assert!("PR1".parse::<PlaceProvider>().unwrap().is_own_authority());
    /// assert!(!PlaceProvider::PR2.is_own_authority()); // another council's provision
    /// ```
    pub const fn is_own_authority(self) -> bool {
        matches!(self, PlaceProvider::PR1)
    }

    /// Private or voluntary provision (PR4, PR5): the external market.
    ///
    /// ```
    /// use sufficiency::codes::PlaceProvider;
    /// assert!(PlaceProvider::PR5.is_external()); // voluntary sector
    /// assert!(!PlaceProvider::PR3.is_external()); // other public provision, e.g. the NHS
    /// ```
    pub const fn is_external(self) -> bool {
        matches!(self, PlaceProvider::PR4 | PlaceProvider::PR5)
    }
}
