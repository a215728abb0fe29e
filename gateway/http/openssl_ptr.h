#pragma once
// Owning pointers for the OpenSSL objects calbridge makes and reads: each frees with its own
// OpenSSL function (EVP_PKEY_free, X509_free, ...) when it goes out of scope.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace calbridge::http {

template <auto Free>
struct OpenSslFree {
    template <class T>
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, OpenSslFree<X509_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, OpenSslFree<X509_EXTENSION_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree<BIO_free>>;
using BnPtr = std::unique_ptr<BIGNUM, OpenSslFree<BN_free>>;

}  // namespace calbridge::http
