#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace asyncdemo {

// An array of a size fixed when it is made, whose elements are built in place one after another
// and never move: for objects that others point to from the moment they exist (a task's parking
// slot), which therefore can be neither copied nor moved, as a std::vector would need.
template <class T>
class FixedArray {
 public:
  explicit FixedArray(std::size_t capacity)
      : storage_(
            static_cast<T*>(::operator new (capacity * sizeof(T), std::align_val_t{alignof(T)}))),
        capacity_(capacity) {}
  ~FixedArray() {
    std::destroy_n(storage_, size_);
    ::operator delete (storage_, std::align_val_t{alignof(T)});
  }
  FixedArray(const FixedArray&) = delete;
  FixedArray& operator=(const FixedArray&) = delete;

  // Precondition: size() < the capacity.
  template <class... Args>
  T& emplace_back(Args&&... args) {
    T* element = std::construct_at(storage_ + size_, std::forward<Args>(args)...);
    ++size_;
    return *element;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return storage_[i]; }
  const T& operator[](std::size_t i) const { return storage_[i]; }
  T* data() { return storage_; }
  const T* data() const { return storage_; }
  T* begin() { return storage_; }
  T* end() { return storage_ + size_; }
  const T* begin() const { return storage_; }
  const T* end() const { return storage_ + size_; }

 private:
  T* storage_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

}  // namespace asyncdemo
