pub async fn post(
    params: ShopParams,
    query: Page,
    NewOrder { items }: NewOrder,
    user: CurrentUser,
) -> Result<Order, ApiError> {
    place(params.shop, query, items, user).await
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __bffkit_only_one_POST_handler_per_file: () = ();
::bffkit::__private::match_route! {
    const _: () = {
        use ::bffkit::__private as __bffkit;
        #[allow(unused_imports)]
        use __bffkit::dispatch::*;
        fn __bffkit_call(
            __request: __bffkit::Request,
            __ctx: __bffkit::AppContext,
        ) -> __bffkit::HandlerFuture {
            ::std::boxed::Box::pin(async move {
                let (__parts, __body) = __request.into_parts();
                let mut __m = __bffkit::MatchRequest::new(__parts, &__ctx);
                static __BFFKIT_PARAMS: __bffkit::SchemaCell = __bffkit::SchemaCell::new();
                let __part0 = match __m
                    .params::<ShopParams>(&__BFFKIT_PARAMS, &["shop"])
                    .await
                {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                };
                static __BFFKIT_QUERY: __bffkit::SchemaCell = __bffkit::SchemaCell::new();
                let __part1 = match __m.query::<Page>(&__BFFKIT_QUERY) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                };
                static __BFFKIT_DATA: __bffkit::SchemaCell = __bffkit::SchemaCell::new();
                let __part2 = match __m.data::<NewOrder>(__body, &__BFFKIT_DATA).await {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                };
                if let ::core::result::Result::Err(e) = __m.finish() {
                    return __bffkit::error_response(e);
                }
                let __part0: ShopParams = match __m.take(__part0) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                };
                let __part1: Page = match __m.take(__part1) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                };
                let __part2: NewOrder = match __m.take(__part2) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                };
                let __arg3: CurrentUser = match __bffkit::from_parts::<
                    CurrentUser,
                >(__m.parts_mut(), &__ctx)
                    .await
                {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(r) => return r,
                };
                let __out = post(__part0, __part1, __part2, __arg3).await;
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
                let __outcome: ::core::result::Result<Order, __bffkit::ApiError> = ::core::result::Result::Ok(
                    __out,
                );
                static __BFFKIT_RESPONSE: __bffkit::SchemaCell = __bffkit::SchemaCell::new();
                let __response = __bffkit::respond_checked::<
                    Order,
                >(&__BFFKIT_RESPONSE, __outcome, &__ctx);
                ::core::mem::drop(__m);
                __response
            })
        }
        #[allow(unused_variables, unreachable_code, clippy::diverging_sub_expression)]
        fn __bffkit_describe(__doc: &mut __bffkit::OperationDoc) {
            __bffkit::describe_part::params::<ShopParams>(__doc, &["shop"]);
            __bffkit::describe_part::query::<Page>(__doc);
            __bffkit::describe_part::body::<NewOrder>(__doc, __bffkit::BodyKind::Json);
            (&__bffkit::Describe::<CurrentUser>::new()).extractor(__doc);
            __bffkit::describe_part::response::<Order>(__doc);
            __bffkit::describe_part::errors(__doc, &[409u16]);
            __bffkit::describe_part::notes(
                __doc,
                ::core::option::Option::Some("Places an order."),
                ::core::option::Option::None,
            );
        }
        __bffkit::inventory::submit! {
            __bffkit::Handler { module : ::core::module_path!(), function : "post", file :
            ::core::file!(), line : ::core::line!(), method : __bffkit::Method::Post, call :
            __bffkit_call, describe : __bffkit_describe, }
        }
    };
}
