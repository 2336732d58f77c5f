//! LS, RNE, REC, CIN and REASON_PLACE_CHANGE (`shared/domain/ssda903.md` §4.3–4.7).

use super::{code_list, Validity};

const ALWAYS: Validity = Validity::ALWAYS;

code_list! {
    /// Legal status (column `LS`, rule 144).
    ///
    /// ```
    /// use sufficiency::codes::LegalStatus;
    /// assert!(LegalStatus::V3.is_short_break());
    /// assert!(!LegalStatus::C2.is_short_break());
    /// ```
    LegalStatus, "LS" {
        C1 = "C1", "Interim care order", ALWAYS;
        C2 = "C2", "Full care order", ALWAYS;
        D1 = "D1", "Freeing order granted", ALWAYS;
        E1 = "E1", "Placement order granted", ALWAYS;
        V2 = "V2", "Single period of accommodation under section 20", ALWAYS;
        V3 = "V3", "Series of short breaks, individual episodes recorded", ALWAYS;
        V4 = "V4", "Series of short breaks, agreements recorded", ALWAYS;
        L1 = "L1", "Police protection, in local authority accommodation", ALWAYS;
        L2 = "L2", "Emergency protection order", ALWAYS;
        L3 = "L3", "Child assessment order, in local authority accommodation", ALWAYS;
        J1 = "J1", "Remanded to local authority or youth detention accommodation", ALWAYS;
        J2 = "J2", "In local authority accommodation under PACE 1984", ALWAYS;
        J3 = "J3", "Youth Rehabilitation Order with residence or intensive fostering requirement", ALWAYS;
    }
}

impl LegalStatus {
    /// A series of short breaks (V3, V4). DfE stock figures and forecasting
    /// tools leave these children out (`ssda903.md` §4.3).
    ///
    /// ```
    /// use sufficiency::codes::LegalStatus;
    /// assert!(LegalStatus::V4.is_short_break());
    /// // V2, a single period of section 20 accommodation, counts in the stock.
    /// assert!(!LegalStatus::V2.is_short_break());
    /// ```
    pub const fn is_short_break(self) -> bool {
        matches!(self, LegalStatus::V3 | LegalStatus::V4)
    }
}

code_list! {
    /// Reason for a new episode (column `RNE`, rule 143).
    ///
    /// ```
    /// use sufficiency::codes::ReasonNewEpisode;
    /// assert!(ReasonNewEpisode::P.changes_placement());
    /// assert!(!ReasonNewEpisode::L.changes_placement());
    /// ```
    ReasonNewEpisode, "RNE" {
        S = "S", "Started to be looked after", ALWAYS;
        L = "L", "Change of legal status only", ALWAYS;
        P = "P", "Change of placement and carer(s) only", ALWAYS;
        T = "T", "Change of placement, same carer(s)", ALWAYS;
        B = "B", "Change of legal status and of placement and carer(s)", ALWAYS;
        U = "U", "Change of legal status and of placement, same carer(s)", ALWAYS;
    }
}

impl ReasonNewEpisode {
    /// Whether the episode starts a new placement (every reason but `L`).
    ///
    /// ```
    /// use sufficiency::codes::ReasonNewEpisode;
    /// // U: new legal status and new placement, same carers -- still a move.
    /// assert!(ReasonNewEpisode::U.changes_placement());
    /// assert!(!"L".parse::<ReasonNewEpisode>().unwrap().changes_placement());
    /// ```
    pub const fn changes_placement(self) -> bool {
        !matches!(self, ReasonNewEpisode::L)
    }
}

code_list! {
    /// Reason an episode ceased (column `REC`, rule 149). Every code but X1 ends the period of care.
    ///
    /// ```
    /// use sufficiency::codes::ReasonEpisodeCeased;
    /// assert!(!ReasonEpisodeCeased::X1.ends_care());
    /// assert!(ReasonEpisodeCeased::E17.ends_care());
    /// ```
    ReasonEpisodeCeased, "REC" {
        X1 = "X1", "Episode ends and a new one starts the same day", ALWAYS;
        E11 = "E11", "Adopted: application unopposed", ALWAYS;
        E12 = "E12", "Adopted: consent dispensed with", ALWAYS;
        E2 = "E2", "Died", ALWAYS;
        E3 = "E3", "Care taken over by another UK local authority", ALWAYS;
        E4A = "E4A", "Returned home to parents or others with parental responsibility, as part of the care plan", ALWAYS;
        E4B = "E4B", "Returned home, not as part of the care plan", ALWAYS;
        E13 = "E13", "Left to live with parents, relatives or others without parental responsibility", ALWAYS;
        E41 = "E41", "Residence order / child arrangements order", ALWAYS;
        E43 = "E43", "Special guardianship order (older code)", ALWAYS;
        E44 = "E44", "Special guardianship order (older code)", ALWAYS;
        E45 = "E45", "Special guardianship order to former foster carers who are relatives or friends", ALWAYS;
        E46 = "E46", "Special guardianship order to former foster carers who are not relatives or friends", ALWAYS;
        E47 = "E47", "Special guardianship order to other carers who are relatives or friends", ALWAYS;
        E48 = "E48", "Special guardianship order to other carers who are not relatives or friends", ALWAYS;
        E5 = "E5", "Independent living with formal support", ALWAYS;
        E6 = "E6", "Independent living without formal support", ALWAYS;
        E7 = "E7", "Transferred to adult social care residential care", ALWAYS;
        E8 = "E8", "Ceased for any other reason", ALWAYS;
        E9 = "E9", "Sentenced to custody", ALWAYS;
        E14 = "E14", "Remand ended", ALWAYS;
        E15 = "E15", "Age assessment found the child to be 18 or over", ALWAYS;
        E16 = "E16", "Moved abroad", ALWAYS;
        E17 = "E17", "Aged 18 or over and stayed with current carers (staying put)", ALWAYS;
    }
}

impl ReasonEpisodeCeased {
    /// Whether this reason ends the period of care (every code but X1).
    ///
    /// ```
    /// use sufficiency::codes::ReasonEpisodeCeased;
    /// assert!(ReasonEpisodeCeased::E11.ends_care()); // adopted
    /// assert!(!ReasonEpisodeCeased::X1.ends_care()); // a new episode follows the same day
    /// ```
    pub const fn ends_care(self) -> bool {
        !matches!(self, ReasonEpisodeCeased::X1)
    }
}

code_list! {
    /// Category of need (column `CIN`, rule 145).
    ///
    /// ```
    /// use sufficiency::codes::CategoryOfNeed;
    /// assert_eq!(CategoryOfNeed::N1.meaning(), "Abuse or neglect");
    /// ```
    CategoryOfNeed, "CIN" {
        N1 = "N1", "Abuse or neglect", ALWAYS;
        N2 = "N2", "Child's disability", ALWAYS;
        N3 = "N3", "Parental illness or disability", ALWAYS;
        N4 = "N4", "Family in acute stress", ALWAYS;
        N5 = "N5", "Family dysfunction", ALWAYS;
        N6 = "N6", "Socially unacceptable behaviour", ALWAYS;
        N7 = "N7", "Low income", ALWAYS;
        N8 = "N8", "Absent parenting", ALWAYS;
    }
}

code_list! {
    /// Why a placement changed (column `REASON_PLACE_CHANGE`, rule 1009). CREQB is the breakdown proxy.
    ///
    /// ```
    /// use sufficiency::codes::ReasonPlaceChange;
    /// assert_eq!("creqb".parse::<ReasonPlaceChange>().unwrap(), ReasonPlaceChange::CREQB);
    /// ```
    ReasonPlaceChange, "REASON_PLACE_CHANGE" {
        CARPL = "CARPL", "Change to, or implementation of, the care plan", ALWAYS;
        CLOSE = "CLOSE", "Provider resigned or closed", ALWAYS;
        ALLEG = "ALLEG", "Allegation (s47)", ALWAYS;
        STAND = "STAND", "Standards-of-care concern", ALWAYS;
        APPRR = "APPRR", "Approval removed", ALWAYS;
        CREQB = "CREQB", "Carer asked for the placement to end because of the child's behaviour", ALWAYS;
        CREQO = "CREQO", "Carer asked for the placement to end for another reason", ALWAYS;
        CHILD = "CHILD", "Child asked for the placement to end", ALWAYS;
        LAREQ = "LAREQ", "Responsible or area authority asked for the placement to end", ALWAYS;
        PLACE = "PLACE", "Change in placement status only", ALWAYS;
        CUSTOD = "CUSTOD", "Custody arrangement", ALWAYS;
        OTHER = "OTHER", "Other", ALWAYS;
    }
}
