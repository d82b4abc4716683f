pub async fn delete(id: String) -> Result<(), ApiError> {
    remove(id).await
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __bffkit_only_one_DELETE_handler_per_file: () = ();
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
            let _ = (__body, &mut __parts);
            let __params = match __bffkit::PathParams::from_parts(&mut __parts, &__ctx)
                .await
            {
                ::core::result::Result::Ok(p) => p,
                ::core::result::Result::Err(e) => return __bffkit::error_response(e),
            };
            let __arg0: String = match __params.parse::<String>("id") {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(e) => return __bffkit::error_response(e),
            };
            let __out = delete(__arg0).await;
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
        (&__bffkit::Describe::<String>::new()).path_param("id", __doc);
        {
            let __returned = __bffkit::Describe::returned_by(|| delete(
                ::core::unreachable!(),
            ));
            let __success = (&__returned).success();
            (&__success).response(__doc);
        }
        __bffkit::describe_part::errors(__doc, &[409u16]);
        __bffkit::describe_part::declare_error(__doc, (404u16, 21002u32));
        __bffkit::describe_part::declare_error(__doc, TODO_EXISTS);
    }
    __bffkit::inventory::submit! {
        __bffkit::Handler { module : ::core::module_path!(), function : "delete", file :
        ::core::file!(), line : ::core::line!(), method : __bffkit::Method::Delete, call
        : __bffkit_call, describe : __bffkit_describe, }
    }
};
