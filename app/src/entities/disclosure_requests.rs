use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub tracking_no: String,
    /// HMAC of the query code under the server's key (older rows: SHA-256); the code itself
    /// is shown once, on the receipt.
    pub query_code_hash: String,
    pub applicant_type: String,
    pub applicant_name: String,
    /// Sealed with AES-256-GCM under the server's key (`g1:…`, see `platform::secrets`);
    /// plain only in rows from before migration 000012 until the next start seals them.
    pub id_number: String,
    /// What every view shows (`500***********1234`), so that views never need the key.
    pub id_number_masked: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub form: String,
    pub status: String,
    pub received_on: Date,
    pub correction_requested_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub correction_note: Option<String>,
    pub corrected_on: Option<Date>,
    pub consult_started_on: Option<Date>,
    pub consult_ended_on: Option<Date>,
    pub consult_third_party: Option<String>,
    pub extension_days: Option<i32>,
    pub extension_approver: Option<String>,
    pub outcome: Option<String>,
    pub outcome_reason: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reply_body: Option<String>,
    pub replied_on: Option<Date>,
    pub created_at: DateTimeUtc,
    /// 条例第三十一条's way in: in_person, post, fax, email or online.
    pub channel: String,
    /// The identity document (`IdDocument`); null on rows from before it was asked.
    pub id_type: Option<String>,
    /// An organisation's 法定代表人或负责人.
    pub representative: Option<String>,
    /// An organisation's 联系人.
    pub contact_person: Option<String>,
    /// How the answer is delivered (`Delivery`); null when the applicant named none.
    pub delivery: Option<String>,
    /// The third party's answer to the consultation (`ConsultAnswer`).
    pub consult_answer: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub consult_note: Option<String>,
    /// Why the office discloses despite the third party's objection (Art. 32).
    #[sea_orm(column_type = "Text", nullable)]
    pub disclose_reason: Option<String>,
    /// The Art. 36 kind the reply was given as (`ReplyKind`); several kinds share a
    /// table-3 row, so the row in `outcome` alone does not say which. Null on older rows.
    pub reply_kind: Option<String>,
    /// The agency responsible, when the information is another's to disclose (Art. 36(5)).
    pub other_agency: Option<String>,
    pub other_agency_contact: Option<String>,
    /// When the applicant consented to the 个人信息处理告知; null where none was recorded
    /// (staff intake, older rows, API clients that do not send it).
    pub consent_at: Option<DateTimeUtc>,
    /// When the applicant's contact details and ID number were erased (the retention
    /// period ran out, or the applicant asked); table 3's figures do not depend on them.
    pub personal_data_erased_at: Option<DateTimeUtc>,
    /// The department that handles it (承办部门), set by the desk; its annual report counts it.
    pub department_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
