//! How an application reaches the office (条例第三十一条) and how the answer goes back to the
//! applicant (第二十九条's 获取信息的方式). Both are stored as their `as_str` names.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The ways in that Art. 31 distinguishes; each fixes which day counts as the receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Post,
    Fax,
    Email,
    Online,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::InPerson,
        Channel::Post,
        Channel::Fax,
        Channel::Email,
        Channel::Online,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Post => "post",
            Channel::Fax => "fax",
            Channel::Email => "email",
            Channel::Online => "online",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交",
            Channel::Post => "邮寄",
            Channel::Fax => "传真",
            Channel::Email => "电子邮件",
            Channel::Online => "网络平台",
        }
    }
    /// Which day Art. 31 takes as the day of receipt for this channel: what the staff
    /// enter as `received_on`, and what the form says next to it.
    pub fn receipt_rule(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交的，以收到申请之日为收到申请之日",
            Channel::Post => "以邮寄方式提交的，以签收之日为收到申请之日；以平常信函等无需签收的方式提交的，以当日与申请人确认之日为收到申请之日",
            Channel::Fax | Channel::Email | Channel::Online => {
                "通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日"
            }
        }
    }
    pub fn parse(s: &str) -> Result<Channel, String> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| "请选择申请的提交方式：当面、邮寄、传真、电子邮件或网络平台".into())
    }
    /// A stored value; rows from before channels were recorded came in online.
    pub fn stored(s: &str) -> Channel {
        Channel::parse(s).unwrap_or(Channel::Online)
    }
}

/// The day the current 条例 took effect: no application under it was received earlier.
pub const REGULATION_IN_FORCE: NaiveDate = match NaiveDate::from_ymd_opt(2019, 5, 15) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The receipt date staff record for a paper, fax or e-mail application: a real date,
/// not after today (the clock cannot start in the future) and not before the 条例 applied.
pub fn parse_received_on(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("请填写收到申请的日期".into());
    }
    let day: NaiveDate = s
        .parse()
        .map_err(|_| "收到日期须为有效日期（年-月-日）".to_string())?;
    if day > today {
        Err("收到日期不能晚于今天".into())
    } else if day < REGULATION_IN_FORCE {
        Err("收到日期不能早于现行条例施行之日（2019-05-15）".into())
    } else {
        Ok(day)
    }
}

/// How the applicant wants to obtain the information.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Post,
    Email,
    Fax,
    Pickup,
}

impl Delivery {
    pub const ALL: [Delivery; 4] = [
        Delivery::Email,
        Delivery::Post,
        Delivery::Fax,
        Delivery::Pickup,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Post => "post",
            Delivery::Email => "email",
            Delivery::Fax => "fax",
            Delivery::Pickup => "pickup",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Delivery::Post => "邮寄",
            Delivery::Email => "电子邮件",
            Delivery::Fax => "传真",
            Delivery::Pickup => "自行领取或当场阅读、抄录",
        }
    }
    /// Optional: an application that names no way is answered through the contact details.
    pub fn parse(raw: Option<&str>) -> Result<Option<Delivery>, String> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => Delivery::ALL
                .into_iter()
                .find(|d| d.as_str() == s)
                .map(Some)
                .ok_or_else(|| "请选择送达方式：邮寄、电子邮件、传真或自行领取".into()),
        }
    }
    /// The contact detail this way of delivery needs, as (field, message when missing).
    pub fn needs(self) -> Option<(&'static str, &'static str)> {
        match self {
            Delivery::Post => Some(("address", "选择邮寄的，请填写通信地址")),
            Delivery::Email => Some(("email", "选择电子邮件的，请填写电子邮箱")),
            Delivery::Fax => Some(("phone", "选择传真的，请填写传真或联系电话")),
            Delivery::Pickup => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn channels_round_trip_and_old_rows_came_online() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Ok(c));
            assert_eq!(Channel::stored(c.as_str()), c);
        }
        assert!(Channel::parse("pigeon").is_err());
        assert_eq!(Channel::stored(""), Channel::Online);
        assert!(Channel::Post.receipt_rule().contains("签收之日"));
        assert!(Channel::InPerson.receipt_rule().contains("收到申请之日"));
        assert!(Channel::Fax.receipt_rule().contains("双方确认之日"));
    }

    #[test]
    fn a_receipt_date_is_never_in_the_future_nor_before_the_regulation() {
        let today = d("2026-10-08");
        // A letter signed for during 国庆 keeps its holiday date: the clock counts working
        // days from the next one, so nothing is gained or lost by moving it.
        assert_eq!(parse_received_on("2026-10-03", today), Ok(d("2026-10-03")));
        assert_eq!(
            parse_received_on(" 2026-10-08 ", today),
            Ok(d("2026-10-08"))
        );
        assert_eq!(
            parse_received_on("2026-10-09", today).unwrap_err(),
            "收到日期不能晚于今天"
        );
        assert_eq!(parse_received_on("2019-05-15", today), Ok(d("2019-05-15")));
        assert!(parse_received_on("2019-05-14", today)
            .unwrap_err()
            .contains("2019-05-15"));
        assert!(parse_received_on("2026-02-30", today).is_err());
        assert_eq!(
            parse_received_on("", today).unwrap_err(),
            "请填写收到申请的日期"
        );
    }

    #[test]
    fn each_way_of_delivery_needs_its_contact_detail() {
        assert_eq!(Delivery::parse(None), Ok(None));
        assert_eq!(Delivery::parse(Some("  ")), Ok(None));
        for w in Delivery::ALL {
            assert_eq!(Delivery::parse(Some(w.as_str())), Ok(Some(w)));
        }
        assert!(Delivery::parse(Some("pigeon")).is_err());
        assert_eq!(Delivery::Post.needs().unwrap().0, "address");
        assert_eq!(Delivery::Email.needs().unwrap().0, "email");
        assert_eq!(Delivery::Fax.needs().unwrap().0, "phone");
        assert_eq!(Delivery::Pickup.needs(), None);
    }
}
