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
            <p>"修改角色或停用账号前，需要在 15 分钟内确认过身份。确认后请重新操作。"</p>
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
