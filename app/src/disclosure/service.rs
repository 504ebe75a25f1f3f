//! Applications for disclosure: receipt (online, and by staff for those handed in, posted,
//! faxed or e-mailed) and tracking with the query code. The staff's steps are in `steps`,
//! their desk in `desk`.
use super::channel::{parse_received_on, Channel, Delivery};
use super::records::{clock_of, find_as, to_view};
use super::types::*;
use crate::auth::caps::DisclosureOfficer;
use crate::entities::disclosure_requests as dr;
use crate::error::{AppError, FieldErrors};
use crate::platform::{
    audit, query_code as codes, rate_limit, rate_limit::Limit, AppState, ClientIp,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set};

/// Applications a single client address may file per hour.
pub const APPLICATIONS_PER_HOUR: u32 = 20;

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ApplicationInput {
    pub applicant_type: String,
    pub name: String,
    /// The identity document (`IdDocument`); blank means the usual one of the kind.
    pub id_type: Option<String>,
    pub id_number: String,
    /// An organisation's 法定代表人或负责人 and its 联系人.
    pub representative: Option<String>,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub description: String,
    pub form: String,
    /// How the answer is delivered (`Delivery`); optional.
    pub delivery: Option<String>,
    /// The applicant's consent to the 个人信息处理告知: `false` is refused; absent for staff
    /// intake (the applicant signed on paper) and API clients written before the field.
    pub consent: Option<bool>,
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

struct Parsed {
    kind: ApplicantType,
    name: String,
    id_type: IdDocument,
    id_number: String,
    representative: Option<String>,
    contact_person: Option<String>,
    delivery: Option<Delivery>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    description: String,
    form: &'static str,
    consent: bool,
}

/// A person's name on the form: optional, at most 60 characters.
fn person_name(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &Option<String>,
) -> Option<String> {
    let name = opt(raw);
    if name
        .as_ref()
        .is_some_and(|n| n.chars().count() > 60 || n.chars().any(char::is_control))
    {
        errors.add(field, "姓名最多 60 个字");
    }
    name
}

/// The application, or every field error in `errors` (which may already hold others).
fn parse(errors: &mut FieldErrors, input: &ApplicationInput) -> Option<Parsed> {
    let kind = errors.check(
        "applicant_type",
        ApplicantType::parse(&input.applicant_type),
    );
    let name = input.name.trim().to_string();
    let n = name.chars().count();
    if n == 0 {
        errors.add("name", "请填写申请人姓名或名称");
    } else if n > 60 || name.chars().any(char::is_control) {
        errors.add("name", "姓名或名称最多 60 个字");
    }
    let id_type =
        kind.and_then(|k| errors.check("id_type", IdDocument::parse(k, input.id_type.as_deref())));
    if input.consent == Some(false) {
        errors.add("consent", crate::components::privacy::CONSENT_REQUIRED);
    }
    let id_number = id_type.and_then(|d| errors.check("id_number", d.check(&input.id_number)));
    let organisation = kind.is_some_and(|k| k != ApplicantType::NaturalPerson);
    let representative = person_name(errors, "representative", &input.representative);
    let contact_person = person_name(errors, "contact_person", &input.contact_person);
    if !organisation && (representative.is_some() || contact_person.is_some()) {
        let msg = "自然人申请无需填写法定代表人或联系人";
        if representative.is_some() {
            errors.add("representative", msg);
        }
        if contact_person.is_some() {
            errors.add("contact_person", msg);
        }
    }
    let phone = opt(&input.phone);
    if let Some(p) = &phone {
        if !(5..=20).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit() || c == '-') {
            errors.add("phone", "联系电话只能包含数字和连字符（5–20 位）");
        }
    }
    let email = opt(&input.email);
    if let Some(e) = &email {
        let ok = e.len() <= 100
            && e.split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.'));
        if !ok {
            errors.add("email", "电子邮箱格式不正确");
        }
    }
    let address = opt(&input.address);
    if address.as_ref().is_some_and(|a| a.chars().count() > 200) {
        errors.add("address", "通信地址最多 200 个字");
    }
    if phone.is_none() && email.is_none() && address.is_none() {
        errors.add("phone", "请至少填写一种联系方式：电话、电子邮箱或通信地址");
    }
    let description = input.description.trim().to_string();
    let dn = description.chars().count();
    if dn < 5 {
        errors.add(
            "description",
            "请描述所需政府信息的名称、文号或便于查询的特征（至少 5 个字）",
        );
    } else if dn > 5000 {
        errors.add("description", "描述最多 5000 个字");
    }
    let form = errors.check("form", parse_form(&input.form));
    let delivery = errors
        .check("delivery", Delivery::parse(input.delivery.as_deref()))
        .flatten();
    if let Some((field, msg)) = delivery.and_then(Delivery::needs) {
        let given = match field {
            "address" => address.is_some(),
            "email" => email.is_some(),
            _ => phone.is_some(),
        };
        if !given {
            errors.add(field, msg);
        }
    }
    Some(Parsed {
        kind: kind?,
        name,
        id_type: id_type?,
        id_number: id_number?,
        representative,
        contact_person,
        delivery,
        phone,
        email,
        address,
        description,
        form: form?,
        consent: input.consent == Some(true),
    })
}

fn parse_only(input: &ApplicationInput) -> Result<Parsed, AppError> {
    let mut errors = FieldErrors::new();
    let p = parse(&mut errors, input);
    errors.into_result()?;
    p.ok_or(AppError::Internal)
}

fn random_digits(n: usize) -> String {
    use rand::Rng;
    let mut r = rand::thread_rng();
    (0..n)
        .map(|_| char::from(b'0' + r.gen_range(0..10)))
        .collect()
}

/// Files an application received online on `received_on` (today for the public form).
pub async fn submit(
    db: &DatabaseConnection,
    secrets: &crate::platform::Secrets,
    input: &ApplicationInput,
    received_on: NaiveDate,
) -> Result<(Receipt, dr::Model), AppError> {
    submit_via(db, secrets, input, Channel::Online, received_on).await
}

/// Files an application that came by `channel`, received (as Art. 31 counts it) on
/// `received_on`.
pub async fn submit_via(
    db: &DatabaseConnection,
    secrets: &crate::platform::Secrets,
    input: &ApplicationInput,
    channel: Channel,
    received_on: NaiveDate,
) -> Result<(Receipt, dr::Model), AppError> {
    file(db, secrets, &parse_only(input)?, channel, received_on, None).await
}

async fn file(
    db: &DatabaseConnection,
    secrets: &crate::platform::Secrets,
    p: &Parsed,
    channel: Channel,
    received_on: NaiveDate,
    department_id: Option<i32>,
) -> Result<(Receipt, dr::Model), AppError> {
    let code = codes::new_code();
    let code_hash = codes::hash(secrets, &code);
    let (id_number, id_number_masked) = super::sealed_ids::seal(secrets, &p.id_number)?;
    for _ in 0..5 {
        let tracking_no = format!("YSQ{}{}", received_on.format("%Y%m%d"), random_digits(5));
        let res = dr::ActiveModel {
            tracking_no: Set(tracking_no),
            query_code_hash: Set(code_hash.clone()),
            applicant_type: Set(p.kind.as_str().to_string()),
            applicant_name: Set(p.name.clone()),
            id_type: Set(Some(p.id_type.as_str().to_string())),
            id_number: Set(id_number.clone()),
            representative: Set(p.representative.clone()),
            contact_person: Set(p.contact_person.clone()),
            delivery: Set(p.delivery.map(|d| d.as_str().to_string())),
            channel: Set(channel.as_str().to_string()),
            id_number_masked: Set(Some(id_number_masked.clone())),
            phone: Set(p.phone.clone()),
            email: Set(p.email.clone()),
            address: Set(p.address.clone()),
            description: Set(p.description.clone()),
            form: Set(p.form.to_string()),
            status: Set(AppStatus::Received.as_str().into()),
            received_on: Set(received_on),
            created_at: Set(Utc::now()),
            consent_at: Set(p.consent.then(Utc::now)),
            department_id: Set(department_id),
            ..Default::default()
        }
        .insert(db)
        .await;
        match res {
            Ok(m) => {
                let cal = crate::calendar::service::load(db).await?;
                let due = clock_of(&m)
                    .due(&cal, received_on)
                    .ok_or(AppError::Internal)?;
                audit::record(
                    db,
                    None,
                    "disclosure.submit",
                    &format!("disclosure:{}", m.tracking_no),
                    "",
                )
                .await?;
                return Ok((
                    Receipt {
                        tracking_no: m.tracking_no.clone(),
                        query_code: code,
                        received_on,
                        due_date: due,
                        status: AppStatus::Received,
                    },
                    m,
                ));
            }
            Err(e)
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
            {
                continue
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Internal)
}

/// The staff's door for applications handed in, posted, faxed or e-mailed: the channel and
/// the day of receipt as Art. 31 fixes it for that channel, checked with the rest of the
/// form so that every field's error comes back at once. The query code goes on the receipt
/// the office sends the applicant. The desk may name the department that handles it
/// (承办部门) here or later.
pub async fn intake(
    state: &AppState,
    officer: &DisclosureOfficer,
    input: &ApplicationInput,
    channel: &str,
    received_on: &str,
    department_id: Option<&crate::input::Number>,
) -> Result<Receipt, AppError> {
    let mut errors = FieldErrors::new();
    let department = match super::department::parse(&state.db, department_id, "department_id").await
    {
        Ok(d) => d,
        Err(AppError::Validation(fields)) => {
            errors.merge(fields);
            None
        }
        Err(e) => return Err(e),
    };
    let channel = errors.check("channel", Channel::parse(channel));
    let received_on = errors.check(
        "received_on",
        parse_received_on(received_on, state.clock.today()),
    );
    let p = parse(&mut errors, input);
    errors.into_result()?;
    let (Some(p), Some(channel), Some(received_on)) = (p, channel, received_on) else {
        return Err(AppError::Internal);
    };
    let (receipt, m) = file(
        &state.db,
        &state.secrets,
        &p,
        channel,
        received_on,
        department,
    )
    .await?;
    audit::record(
        &state.db,
        Some(officer.id),
        "disclosure.intake",
        &format!("disclosure:{}", m.tracking_no),
        channel.as_str(),
    )
    .await?;
    Ok(receipt)
}

/// The public form's door: rate limited per client address.
pub async fn apply(
    state: &AppState,
    ip: ClientIp,
    input: &ApplicationInput,
) -> Result<Receipt, AppError> {
    let limit = Limit::per_hour(APPLICATIONS_PER_HOUR);
    let bucket = format!("disclosure:ip:{ip}");
    rate_limit::check(&state.db, &bucket, limit).await?;
    let r = submit(&state.db, &state.secrets, input, state.clock.today()).await;
    rate_limit::hit(&state.db, &bucket, limit).await?;
    Ok(r?.0)
}

/// The applicant (with the query code) or staff; everyone else gets 404.
pub async fn track(
    db: &impl ConnectionTrait,
    secrets: &crate::platform::Secrets,
    tracking_no: &str,
    query_code: Option<&str>,
    officer: Option<&DisclosureOfficer>,
    ip: ClientIp,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let m = find_as(db, secrets, tracking_no, officer.is_some(), ip, query_code).await?;
    // A staff read of an applicant's personal data is on the record.
    if let Some(officer) = officer {
        audit::record_from(
            db,
            Some(officer.id),
            "disclosure.read",
            &format!("disclosure:{}", m.tracking_no),
            "",
            Some(ip),
        )
        .await?;
    }
    let files = super::files::visible(db, &m, officer.is_some()).await?;
    let cal = crate::calendar::service::load(db).await?;
    let mut view = to_view(m, &cal, today)?;
    view.files = files;
    super::department::name(db, std::slice::from_mut(&mut view)).await?;
    Ok(view)
}
