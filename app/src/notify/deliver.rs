//! The delivering side of the outbox: claim due messages, send each over its channel,
//! settle it or schedule a retry. Runs in every instance (see [`super::outbox`] for why
//! each message still goes out once).
use super::outbox::{self, Channel};
use crate::entities::outbox as row;
use crate::error::AppError;
use crate::platform::config::Config;
use chrono::Duration;
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;

/// How messages leave: SMTP for e-mail, a webhook for SMS. A channel that is not
/// configured settles its messages unsent (nothing is sent and nothing fails).
#[derive(Clone)]
pub struct Deliverer {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    sms: Option<(reqwest::Client, String)>,
    public_url: String,
    /// This instance's name in the claims.
    pub instance: String,
    pub retry_base: Duration,
}

/// What became of one message.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Sent,
    NoChannel(&'static str),
}

impl Deliverer {
    pub fn from_config(config: &Config) -> Result<Deliverer, String> {
        let smtp = match &config.smtp_url {
            None => None,
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("GONGKAI_SMTP_URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build();
                let from: Mailbox = config
                    .mail_from
                    .parse()
                    .map_err(|e| format!("GONGKAI_MAIL_FROM: {e}"))?;
                Some((transport, from))
            }
        };
        let sms = match &config.sms_webhook {
            None => None,
            Some(url) => Some((
                reqwest::Client::builder()
                    .timeout(std::time::Duration::from_secs(20))
                    .build()
                    .map_err(|e| format!("GONGKAI_SMS_WEBHOOK: {e}"))?,
                url.clone(),
            )),
        };
        Ok(Deliverer {
            smtp,
            sms,
            public_url: config
                .public_url
                .clone()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_string(),
            instance: format!("{}-{}", std::process::id(), rand::random::<u32>()),
            retry_base: Duration::milliseconds(config.outbox_retry_ms as i64),
        })
    }

    fn full_text(&self, m: &row::Model) -> String {
        match &m.link {
            Some(path) => format!("{}\n\n查看详情：{}{path}", m.body, self.public_url),
            None => m.body.clone(),
        }
    }

    async fn send(&self, m: &row::Model) -> Result<Outcome, String> {
        if m.channel == Channel::Email.as_str() {
            let Some((transport, from)) = &self.smtp else {
                return Ok(Outcome::NoChannel("未配置 GONGKAI_SMTP_URL，未发送"));
            };
            let to: Mailbox = match m.recipient.parse() {
                Ok(to) => to,
                // A bad address never gets better: settle it rather than retry forever.
                Err(_) => return Ok(Outcome::NoChannel("收件地址无效，未发送")),
            };
            let mail = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(m.subject.clone())
                .header(ContentType::TEXT_PLAIN)
                .body(self.full_text(m))
                .map_err(|e| e.to_string())?;
            transport.send(mail).await.map_err(|e| e.to_string())?;
            Ok(Outcome::Sent)
        } else {
            let Some((client, url)) = &self.sms else {
                return Ok(Outcome::NoChannel("未配置 GONGKAI_SMS_WEBHOOK，未发送"));
            };
            let text = format!("{}：{}", m.subject, self.full_text(m));
            let res = client
                .post(url)
                .json(&serde_json::json!({"phone": m.recipient, "text": text}))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if res.status().is_success() {
                Ok(Outcome::Sent)
            } else {
                Err(format!("短信网关返回 {}", res.status()))
            }
        }
    }

    /// One pass: every due message is tried once. Returns how many were sent.
    pub async fn run_once(&self, db: &DatabaseConnection) -> Result<usize, AppError> {
        let mut sent = 0;
        loop {
            let batch = outbox::claim(db, &self.instance, Duration::minutes(2), 20).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for m in &batch {
                match self.send(m).await {
                    Ok(Outcome::Sent) => {
                        outbox::settle(db, m.id, &self.instance, None).await?;
                        sent += 1;
                    }
                    Ok(Outcome::NoChannel(why)) => {
                        outbox::settle(db, m.id, &self.instance, Some(why)).await?
                    }
                    Err(e) => {
                        tracing::warn!(id = m.id, channel = %m.channel, error = %e, "delivery failed; will retry");
                        outbox::retry_later(db, m, &self.instance, self.retry_base, &e).await?;
                    }
                }
            }
        }
    }
}
