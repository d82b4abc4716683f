pub async fn get(last: LastEventId) -> EventStream<Tick> {
    ticks(last.resume_from())
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __bffkit_only_one_GET_handler_per_file: () = ();
const _: () = {
    use ::bffkit::__private as __bffkit;
    #[allow(unused_imports)]
    use __bffkit::dispatch::*;
    fn __bffkit_call(
        __request: __bffkit::Request,
        __ctx: __bffkit::AppContext,
    ) -> __bffkit::HandlerFuture {
        ::std::boxed::Box::pin(async move {
            #[allow(unused_mut)]
            let (mut __parts, __body) = __request.into_parts();
            let __arg0: LastEventId = match __bffkit::from_request::<
                LastEventId,
                _,
            >(__parts, __body, &__ctx)
                .await
            {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(r) => return r,
            };
            let __out = get(__arg0).await;
            let __out = match (&mut __bffkit::Returned(
                ::core::option::Option::Some(__out),
            ))
                .split()
            {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(error) => {
                    return __bffkit::error_response(__bffkit::into_api_error(error));
                }
            };
            (&mut __bffkit::Responder(::core::option::Option::Some(__out)))
                .respond(&__ctx)
        })
    }
    #[allow(unused_variables, unreachable_code, clippy::diverging_sub_expression)]
    fn __bffkit_describe(__doc: &mut __bffkit::OperationDoc) {
        {
            let __arg = __bffkit::Describe::<LastEventId>::new();
            let (__query, __data) = (&__arg).request_option();
            (&__query).query(__doc);
            (&__data).data(__doc);
            (&__arg).extractor(__doc);
        }
        {
            let __returned = __bffkit::Describe::returned_by(|| get(
                ::core::unreachable!(),
            ));
            let __success = (&__returned).success();
            (&__success).response(__doc);
        }
    }
    __bffkit::inventory::submit! {
        __bffkit::Handler { module : ::core::module_path!(), function : "get", file :
        ::core::file!(), line : ::core::line!(), method : __bffkit::Method::Get, call :
        __bffkit_call, describe : __bffkit_describe, }
    }
};
