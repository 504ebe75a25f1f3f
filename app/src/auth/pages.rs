//! 登录 and 注册 pages. Both post through server functions and work without JavaScript too.
use super::AuthContext;
use crate::components::{field_error, ErrorNotice, Field, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where to go after signing in: a local path from `?next=`, else the home page.
fn next_path() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| super::types::local_path(query.get().get("next").as_deref()))
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = AuthContext::use_context();
    let action = auth.login;
    let next = next_path();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            navigate(&next.get_untracked(), Default::default());
        }
    });
    view! {
        <section class="narrow">
            <PageTitle text="登录"/>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <ErrorNotice action=action/>
                <Field label="用户名" name="username" required=true autocomplete="username"
                    error=field_error(action, "username")/>
                <Field label="密码" name="password" kind="password" required=true
                    autocomplete="current-password" error=field_error(action, "password")/>
                <Field label="动态验证码" name="totp" autocomplete="one-time-code" maxlength=7
                    hint="已启用两步验证的账号填写手机验证器上的 6 位数字，其他账号不填"
                    error=field_error(action, "totp")/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"登录"</button>
            </ActionForm>
            <p>"还没有账号？"<a href="/register">"注册"</a></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let auth = AuthContext::use_context();
    let action = auth.register;
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            navigate("/", Default::default());
        }
    });
    view! {
        <section class="narrow">
            <PageTitle text="注册"/>
            <p>"注册后可以提交和查看自己的留言、申请，并参与在线访谈。"</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <ErrorNotice action=action/>
                <Field label="用户名" name="username" required=true autocomplete="username"
                    hint="3–32 个字符：英文字母、数字、下划线、点或连字符" maxlength=32
                    error=field_error(action, "username")/>
                <Field label="显示名称" name="display_name" autocomplete="nickname"
                    hint="他人看到的名字，可用中文；不填则使用用户名" maxlength=30
                    error=field_error(action, "display_name")/>
                <Field label="密码" name="password" kind="password" required=true
                    autocomplete="new-password" hint="至少 8 个字符，不含用户名，不能是常见密码" maxlength=128
                    error=field_error(action, "password")/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"注册"</button>
            </ActionForm>
            <p>"已有账号？"<a href="/login">"登录"</a></p>
        </section>
    }
}

/// 个人设置: display name, e-mail address, and whether to be told of progress by e-mail.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let auth = AuthContext::use_context();
    let save = ServerAction::<super::SaveSettings>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            auth.me.refetch();
        }
    });
    view! {
        <section class="narrow">
            <PageTitle text="个人设置"/>
            <p class="notice ok" role="status" hidden=move || !matches!(save.value().get(), Some(Ok(_)))>"已保存。"</p>
            <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
                {move || auth.me.get().map(|r| match r {
                    Ok(Some(user)) => {
                        let email = user.email.clone().unwrap_or_default();
                        view! {
                            <ActionForm action=save attr:class="form" attr:novalidate=true>
                                <ErrorNotice action=save/>
                                <Field label="显示名称" name="display_name" required=true maxlength=30
                                    value=user.display_name.clone() error=field_error(save, "display_name")/>
                                <Field label="电子邮箱" name="email" kind="email" autocomplete="email"
                                    hint="用于接收办理进展通知；留空则不发送" value=email error=field_error(save, "email")/>
                                <div class="choice">
                                    <input type="checkbox" id="notify" name="notify" value="on" checked=user.notify/>
                                    <label for="notify">"留言受理、答复、不予受理和延期时，用电子邮件通知我"</label>
                                </div>
                                <button type="submit" class="primary">"保存"</button>
                            </ActionForm>
                            <PasswordForm/>
                            <SecondFactor enabled=user.totp_enabled/>
                        }.into_any()
                    }
                    Ok(None) => view! {
                        <p>"请先"<a href="/login?next=/settings">"登录"</a>"。"</p>
                    }.into_any(),
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// Asks for the password again when a sensitive change was refused for an old sign-in
/// (`reauth_required`); the admin then repeats the change.
#[component]
pub fn ReauthPrompt(#[prop(into)] needed: Signal<bool>) -> impl IntoView {
    let confirm = ServerAction::<super::Reauthenticate>::new();
    let done = move || matches!(confirm.value().get(), Some(Ok(_)));
    view! {
        <section class="notice warn" aria-labelledby="reauth-title" hidden=move || !needed.get() || done()>
            <h2 id="reauth-title">"请重新输入密码"</h2>
            <p>"修改角色、停用账号或办理个人信息删除前，需要在 15 分钟内确认过身份。确认后请重新操作。"</p>
            <ActionForm action=confirm attr:class="form inline-form">
                <ErrorNotice action=confirm/>
                <Field label="密码" name="password" id="reauth-password" kind="password" required=true
                    autocomplete="current-password" error=field_error(confirm, "password")/>
                <button type="submit" class="primary">"确认身份"</button>
            </ActionForm>
        </section>
        <p class="notice ok" role="status" hidden=move || !done()>"已确认身份，请重新操作。"</p>
    }
}

/// 个人设置 → 两步验证: enrol an authenticator app (a new secret, then one of its codes
/// to confirm), or turn it off with the password.
#[component]
fn SecondFactor(enabled: bool) -> impl IntoView {
    let auth = AuthContext::use_context();
    let setup = ServerAction::<super::TotpSetup>::new();
    let enable = ServerAction::<super::TotpEnable>::new();
    let disable = ServerAction::<super::TotpDisable>::new();
    let reauth = Signal::derive(move || {
        matches!(
            setup.value().get(),
            Some(Err(crate::error::AppError::ReauthRequired))
        )
    });
    Effect::new(move |_| {
        if matches!(enable.value().get(), Some(Ok(_)))
            || matches!(disable.value().get(), Some(Ok(_)))
        {
            auth.me.refetch();
        }
    });
    view! {
        <h2 id="totp-title">"两步验证"</h2>
        {if enabled {
            view! {
                <p class="notice ok" role="status">"已启用：登录时除密码外还需输入手机验证器上的动态验证码。"</p>
                <ActionForm action=disable attr:class="form" attr:novalidate=true attr:aria-labelledby="totp-title">
                    <ErrorNotice action=disable/>
                    <Field label="密码" name="password" id="totp-off-password" kind="password" required=true
                        autocomplete="current-password" error=field_error(disable, "password")/>
                    <button type="submit">"停用两步验证"</button>
                </ActionForm>
            }.into_any()
        } else {
            view! {
                <p>"启用后，登录时除密码外还需输入手机验证器（如 FreeOTP、Google 身份验证器、微信或支付宝中的“身份验证器”）上的动态验证码。工作人员账号建议启用。"</p>
                <ReauthPrompt needed=reauth/>
                <ActionForm action=setup attr:class="form inline-form" attr:aria-labelledby="totp-title">
                    <ErrorNotice action=setup/>
                    <button type="submit">"生成密钥"</button>
                </ActionForm>
                {move || setup.value().get().and_then(Result::ok).map(|e| view! {
                    <div class="notice" data-testid="totp-enrollment">
                        <p>"在验证器中添加账号，手动输入以下密钥（基于时间，6 位，30 秒）："</p>
                        <p><code data-testid="totp-secret">{e.secret.clone()}</code></p>
                        <p class="hint">"或导入链接："<code class="wrap">{e.uri.clone()}</code></p>
                    </div>
                    <ActionForm action=enable attr:class="form inline-form">
                        <ErrorNotice action=enable/>
                        <Field label="验证器上显示的验证码" name="code" id="totp-code" required=true
                            autocomplete="one-time-code" maxlength=7 error=field_error(enable, "code")/>
                        <button type="submit" class="primary">"确认启用"</button>
                    </ActionForm>
                })}
            }.into_any()
        }}
    }
}

/// 个人设置: a new password; the current one first.
#[component]
pub fn PasswordForm() -> impl IntoView {
    let change = ServerAction::<super::ChangePassword>::new();
    view! {
        <h2>"修改密码"</h2>
        <p class="notice ok" role="status" hidden=move || !matches!(change.value().get(), Some(Ok(_)))>
            "密码已修改，其他设备上的登录已全部退出。"
        </p>
        <ActionForm action=change attr:class="form" attr:novalidate=true>
            <ErrorNotice action=change/>
            <Field label="原密码" name="current_password" kind="password" required=true
                autocomplete="current-password" error=field_error(change, "current_password")/>
            <Field label="新密码" name="new_password" kind="password" required=true
                autocomplete="new-password" hint="至少 8 个字符，不含用户名，不能是常见密码"
                error=field_error(change, "new_password")/>
            <button type="submit">"修改密码"</button>
        </ActionForm>
    }
}
