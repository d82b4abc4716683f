//! `POST /api/upload`: a `multipart/form-data` body with a text field and a file; the file
//! is streamed to a temporary file, and the handler answers its size and checksum.

use bffkit::{ApiError, UploadedFile};
use tokio::io::AsyncReadExt;

#[bffkit::schema]
pub struct UploadForm {
    #[schemars(length(min = 1))]
    pub title: String,
    pub file: UploadedFile,
}

#[bffkit::schema]
pub struct UploadReceipt {
    pub title: String,
    pub file_name: Option<String>,
    pub size: u64,
    /// FNV-1a 64 of the bytes, in hex.
    pub fnv1a: String,
}

/// Stores a file.
#[bffkit::api(match = {
    request: { formData: UploadForm },
    response: UploadReceipt,
})]
pub async fn post(form_data: UploadForm) -> Result<UploadReceipt, ApiError> {
    let mut file = tokio::fs::File::open(&form_data.file.path).await.map_err(ApiError::internal)?;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).await.map_err(ApiError::internal)?;
        if n == 0 {
            break;
        }
        for byte in &buffer[..n] {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(UploadReceipt {
        title: form_data.title,
        file_name: form_data.file.file_name,
        size: form_data.file.size,
        fnv1a: format!("{hash:016x}"),
    })
}
