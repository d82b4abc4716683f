pub async fn get(id: u32, headers: HeaderMap) -> impl IntoResponse {
    (headers, id.to_string())
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
            let __params = match __bffkit::PathParams::from_parts(&mut __parts, &__ctx)
                .await
            {
                ::core::result::Result::Ok(p) => p,
                ::core::result::Result::Err(e) => return __bffkit::error_response(e),
            };
            let __arg0: u32 = match (&&__bffkit::Arg::<u32>::new())
                .bind(&__params, "id", &mut __parts, &__ctx)
                .await
            {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(r) => return r,
            };
            let __arg1: HeaderMap = match (&&__bffkit::Arg::<HeaderMap>::new())
                .bind_last(&__params, "headers", __parts, __body, &__ctx)
                .await
            {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(r) => return r,
            };
            let __out = get(__arg0, __arg1).await;
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
            let __arg = __bffkit::Describe::<u32>::new();
            let (__query, __data) = (&__arg).request_option();
            (&__query).query(__doc);
            (&__data).data(__doc);
            (&__arg).extractor(__doc);
        }
        {
            let __arg = __bffkit::Describe::<HeaderMap>::new();
            let (__query, __data) = (&__arg).request_option();
            (&__query).query(__doc);
            (&__data).data(__doc);
            (&__arg).extractor(__doc);
        }
        {
            let __returned = __bffkit::Describe::returned_by(|| get(
                ::core::unreachable!(),
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
