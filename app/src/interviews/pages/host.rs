//! 访谈控制台: the host's list of interviews and the form to plan a new one.
use super::super::{host_interviews, CreateInterview};
use super::long_time;
use crate::admin::list_departments;
use crate::components::{field_error, ErrorNotice, Field, PageTitle, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn HostPage() -> impl IntoView {
    let create = ServerAction::<CreateInterview>::new();
    let list = Resource::new(move || create.version().get(), |_| host_interviews());
    let departments = Resource::new(|| (), |_| list_departments());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(i)) = create.value().get() {
            navigate(&format!("/host/interviews/{}", i.id), Default::default());
        }
    });
    view! {
        <section>
            <PageTitle text="访谈控制台"/>
            <h2>"我的访谈"</h2>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(items) => view! {
                        <table class="data">
                            <caption>{format!("共 {} 场访谈", items.len())}</caption>
                            <thead><tr><th scope="col">"标题"</th><th scope="col">"时间"</th><th scope="col">"阶段"</th></tr></thead>
                            <tbody>
                                {items.into_iter().map(|i| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/host/interviews/{}", i.id)>{i.title.clone()}</a></th>
                                        <td>{long_time(&i.scheduled_at)}</td>
                                        <td>{i.stage.label()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
            <h2>"策划新访谈"</h2>
            <ActionForm action=create attr:class="form">
                <ErrorNotice action=create/>
                <Field label="访谈标题" name="title" required=true maxlength=80 error=field_error(create, "title")/>
                <TextAreaField label="访谈简介" name="summary" required=true rows=4 maxlength=2000 error=field_error(create, "summary")/>
                <Field label="访谈时间" name="scheduled_at" kind="datetime-local" required=true
                    hint="北京时间；预告一般提前 3 天至 1 个月发布" error=field_error(create, "scheduled_at")/>
                <Field label="时长（分钟）" name="duration_minutes" kind="number" required=true value="90"
                    hint="一般 60–120 分钟" error=field_error(create, "duration_minutes")/>
                <TextAreaField label="嘉宾" name="guests" required=true rows=3
                    hint="每行一位：姓名，职务" error=field_error(create, "guests")/>
                // Read inside Suspense, so server and browser render the same options.
                <Suspense fallback=|| ()>
                    {move || departments.get().map(|r| {
                        let mut options = vec![(String::new(), "（不指定）".to_string())];
                        options.extend(r.unwrap_or_default().into_iter().map(|d| (d.id.to_string(), d.name)));
                        view! {
                            <SelectField label="所属部门" name="department_id" options=options
                                error=field_error(create, "department_id")/>
                        }
                    })}
                </Suspense>
                <button type="submit" class="primary">"创建（草稿）"</button>
            </ActionForm>
        </section>
    }
}
